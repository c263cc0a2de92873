// The subgraphs' SDL from their code, composed into the supergraph the gateway serves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SUBGRAPHS, type SubgraphName } from "@shop/config";
import { composeSubgraphs, type CandidateSubgraph, type CompositionOutcome, type Repository } from "@shop/schema-registry";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SUPERGRAPH_PATH = fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url));

export function subgraphSdlPath(name: SubgraphName, root = ROOT): string {
  return join(root, "subgraphs", name, "src", "schema.graphql");
}

/** Subgraph URLs in the committed supergraph are the local defaults; the gateway overrides them from its config. */
export function defaultSubgraphUrl(name: string): string {
  const port = SUBGRAPHS[name as SubgraphName];
  return port ? `http://localhost:${port}/graphql` : `http://localhost/${name}/graphql`;
}

/** Each subgraph's SDL as its service loads it (subgraphs/<name>/src/schema.graphql). */
export function candidateSubgraphs(root = ROOT): CandidateSubgraph[] {
  return (Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => ({
    name,
    url: defaultSubgraphUrl(name),
    sdl: readFileSync(subgraphSdlPath(name, root), "utf8"),
  }));
}

export function composeSupergraph(root = ROOT): CompositionOutcome {
  return composeSubgraphs(candidateSubgraphs(root));
}

/** This repository, or a copy of it at `root`, as the schema registry checks and publishes it. */
export function registryRepository(root = ROOT): Repository {
  return { root, candidate: candidateSubgraphs(root), subgraphUrl: defaultSubgraphUrl };
}

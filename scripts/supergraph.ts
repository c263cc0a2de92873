// Composes the subgraphs' SDL into the supergraph the gateway serves.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { SUBGRAPHS, type SubgraphName } from "@shop/config";

export const SUPERGRAPH_PATH = fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url));

export function subgraphSdlPath(name: SubgraphName): string {
  return fileURLToPath(new URL(`../subgraphs/${name}/src/schema.graphql`, import.meta.url));
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; errors: string[] };

/** Subgraph URLs in the committed supergraph are the local defaults; the gateway overrides them from its config. */
export function composeSupergraph(): CompositionOutcome {
  const services = (Object.keys(SUBGRAPHS) as SubgraphName[]).map((name) => ({
    name,
    url: `http://localhost:${SUBGRAPHS[name]}/graphql`,
    typeDefs: parse(readFileSync(subgraphSdlPath(name), "utf8")),
  }));
  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((error) => {
        const code = (error.extensions?.code as string | undefined) ?? "COMPOSITION_ERROR";
        return `${code}: ${error.message}`;
      }),
    };
  }
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}

// Composition of subgraph SDL into a supergraph (Apollo Federation 2), and the API schema
// clients see in it.
import { composeServices } from "@apollo/composition";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { buildASTSchema, parse, type GraphQLSchema } from "graphql";
import type { CandidateSubgraph } from "./subgraphs.ts";

/** A composition error or hint, with the subgraphs it was found in. */
export interface CompositionMessage {
  code: string;
  message: string;
  subgraphs: string[];
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: CompositionMessage[] }
  | { ok: false; errors: CompositionMessage[] };

interface LocatedMessage {
  message: string;
  nodes?: readonly unknown[] | undefined;
}

export function composeSubgraphs(subgraphs: readonly CandidateSubgraph[]): CompositionOutcome {
  const syntaxErrors: CompositionMessage[] = [];
  const services = subgraphs.flatMap(({ name, url, sdl }) => {
    try {
      return [{ name, url, typeDefs: parse(sdl) }];
    } catch (error) {
      syntaxErrors.push({ code: "INVALID_GRAPHQL", message: `[${name}] ${(error as Error).message}`, subgraphs: [name] });
      return [];
    }
  });
  if (syntaxErrors.length > 0) return { ok: false, errors: syntaxErrors };
  const result = composeServices(services);
  if (result.errors) {
    const errors = result.errors.map((error) => ({
      code: (error.extensions?.code as string | undefined) ?? "COMPOSITION_ERROR",
      message: error.message,
      subgraphs: subgraphsOf(error),
    }));
    return { ok: false, errors };
  }
  const hints = result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message, subgraphs: subgraphsOf(hint) }));
  return { ok: true, supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, hints };
}

/** What clients can query: the supergraph without federation's machinery and @inaccessible elements. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // Printed and re-read so that the schema belongs to this module's copy of graphql-js.
  return buildASTSchema(parse(printSchema(Supergraph.build(supergraphSdl).apiSchema())));
}

/** Composition marks AST nodes with their subgraph; messages about one subgraph start with `[name]`. */
function subgraphsOf({ message, nodes }: LocatedMessage): string[] {
  const names = new Set<string>();
  for (const node of nodes ?? []) {
    if (node && typeof node === "object" && "subgraph" in node && typeof node.subgraph === "string") names.add(node.subgraph);
  }
  const prefixed = /^\[([^\]]+)\]/.exec(message);
  if (prefixed) names.add(prefixed[1]!);
  return [...names].sort();
}

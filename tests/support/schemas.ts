// The schemas the public API is made of, read from the repository's files, for tests that
// must cover all of it: the client contract, the committed supergraph, and the API schema
// the gateway serves from that supergraph (internal @inaccessible fields removed).
import { readFileSync } from "node:fs";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { buildASTSchema, Kind, parse, valueFromASTUntyped, type DocumentNode, type GraphQLSchema } from "graphql";
import { SUPERGRAPH_PATH } from "../../scripts/supergraph.ts";

export const contractSchema: GraphQLSchema = buildASTSchema(parse(readFileSync(new URL("../../schema/contract.graphql", import.meta.url), "utf8")));
export const supergraphSdl = readFileSync(SUPERGRAPH_PATH, "utf8");
const supergraphDocument: DocumentNode = parse(supergraphSdl);
// Printed and re-read so that the schema comes from this process's copy of graphql-js.
export const apiSchema: GraphQLSchema = buildASTSchema(parse(printSchema(Supergraph.build(supergraphSdl).apiSchema())));

const ROOT_TYPES = ["Query", "Mutation", "Subscription"] as const;

/**
 * Every root field ("Query.order", "Mutation.reserveStock", ...) of the contract and of the
 * supergraph, internal ones included: the complete list of operations a client could name.
 */
export function rootFieldCoordinates(): Set<string> {
  const coordinates = new Set<string>();
  for (const definition of supergraphDocument.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !ROOT_TYPES.includes(definition.name.value as never)) continue;
    for (const field of definition.fields ?? []) coordinates.add(`${definition.name.value}.${field.name.value}`);
  }
  for (const rootType of ROOT_TYPES) {
    const type = contractSchema.getType(rootType);
    if (type && "getFields" in type) for (const name of Object.keys(type.getFields())) coordinates.add(`${rootType}.${name}`);
  }
  return coordinates;
}

/**
 * Every place where the gateway hands an entity from one subgraph to another: "User@orders"
 * is the orders subgraph resolving a User that another subgraph returned. One per entity type
 * and subgraph that resolves it by key, for entity types that more than one subgraph declares.
 */
export function entityReferences(): Set<string> {
  const references = new Set<string>();
  for (const definition of supergraphDocument.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const joins = (definition.directives ?? [])
      .filter((directive) => directive.name.value === "join__type")
      .map((directive) => Object.fromEntries((directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)])));
    if (joins.length < 2) continue;
    for (const join of joins) {
      if (join.key && join.resolvable !== false) references.add(`${definition.name.value}@${String(join.graph).toLowerCase()}`);
    }
  }
  return references;
}

import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { MAX_PAGE_SIZE } from "@shop/pagination";
import { parsePersistedQueryManifest } from "@shop/schema-registry/persisted-queries";
import {
  getOperationAST,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGatewayConfig } from "./config.ts";
import { createLimitsCheck, exceededLimits, type OperationLimits } from "./operation-limits.ts";
import { generateKeys } from "@shop/config";

// Keys of this test alone: every service requires them and none is written in the repository.
const REQUIRED = generateKeys();

const config = loadGatewayConfig(REQUIRED);
const { limits, defaultListSize } = config.operationLimits;
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(config.supergraphPath, "utf8") });
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = (await gateway.load()).schema;
});
afterAll(() => gateway.stop());

function check(source: string, variables: Record<string, unknown> = {}, under: OperationLimits = limits) {
  const document = parse(source);
  return exceededLimits({ schema, source, document, operation: getOperationAST(document)!, variables }, under, defaultListSize);
}

/** A value for every variable the operation declares: the largest page wherever it asks for `first`. */
function sampleVariables(source: string): Record<string, unknown> {
  const sample = (type: GraphQLInputType, name: string): unknown => {
    if (isNonNullType(type)) return sample(type.ofType, name);
    if (isListType(type)) return [sample(type.ofType, name)];
    if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, sample(field.type, field.name)]));
    if (isEnumType(type)) return type.getValues()[0]!.name;
    if (name === "first") return MAX_PAGE_SIZE;
    return { Int: 1, Float: 1, Boolean: true }[type.name] ?? "00000000-0000-4000-8000-000000000000";
  };
  const definitions = getOperationAST(parse(source))!.variableDefinitions ?? [];
  return Object.fromEntries(definitions.map(({ variable, type }) => [variable.name.value, sample(typeFromAST(schema, type as never) as GraphQLInputType, variable.name.value)]));
}

const half = Object.fromEntries(Object.entries(limits).map(([name, value]) => [name, Math.floor(value / 2)])) as OperationLimits;
const operations = parsePersistedQueryManifest(readFileSync(config.persistedQueryManifestPath, "utf8")).operations;

describe("the default operation limits", () => {
  it.each(operations.map((operation) => [operation.name, operation.body] as const))("leave room for %s at its largest page: it passes half of every limit", (_name, body) => {
    expect(check(body, sampleVariables(body), half)).toEqual([]);
  });
});

describe("exceededLimits", () => {
  const orderCycle = ["orders(first: 1)", "edges", "node", "user"];
  /** `{ me { orders(first: 1) { edges { node { user { ... id` : exactly `depth` levels of fields, the leaf included. */
  const nested = (depth: number) => {
    const path = ["me", ...Array.from({ length: depth - 2 }, (_, index) => orderCycle[index % 4]!)];
    const leaf = { "orders(first: 1)": "totalCount", edges: "cursor", node: "id", user: "id", me: "id" }[path.at(-1)!];
    return `{ ${path.map((field) => `${field} {`).join(" ")} ${leaf} ${"}".repeat(path.length)} }`;
  };

  it("counts depth through fragments, as if they were written out", () => {
    expect(check(nested(limits.depth))).toEqual([]);
    expect(check(nested(limits.depth + 1))).toEqual(["depth"]);
    const viaFragments = "query { me { ...Orders } } fragment Orders on User { orders { edges { node { ... on Order { id } } } } }";
    expect(check(viaFragments, {}, { ...limits, depth: 5 })).toEqual([]);
    expect(check(viaFragments, {}, { ...limits, depth: 4 })).toEqual(["depth"]);
  });

  it("counts root fields and aliases through fragments", () => {
    const roots = "query { me { id } ...More } fragment More on Query { categories products { totalCount } }";
    expect(check(roots, {}, { ...limits, rootFields: 3 })).toEqual([]);
    expect(check(roots, {}, { ...limits, rootFields: 2 })).toEqual(["rootFields"]);
    const aliases = "query { me { a: id ...Names } } fragment Names on User { b: name c: email }";
    expect(check(aliases, {}, { ...limits, aliases: 3 })).toEqual([]);
    expect(check(aliases, {}, { ...limits, aliases: 2 })).toEqual(["aliases"]);
  });

  it("estimates cost as 1 per field plus its selection once per item: `first`, the argument's default, or the default list size", () => {
    const cost = (source: string, variables?: Record<string, unknown>) => [99, 100, 101].filter((max) => check(source, variables, { ...limits, cost: max }).length === 0)[0];
    // products: 1 + 99 × (totalCount 1) = 100.
    expect(cost("{ products(first: 99) { totalCount } }")).toBe(100);
    expect(cost("query($n: Int) { products(first: $n) { totalCount } }", { n: 99 })).toBe(100);
    const costs = (source: string, expected: number) => {
      expect(check(source, {}, { ...limits, cost: expected })).toEqual([]);
      expect(check(source, {}, { ...limits, cost: expected - 1 })).toEqual(["cost"]);
    };
    // `first` left out: its default, 20. A connection's edges are its 20 items, counted once: 1 + 20 × (edges 1 + cursor 1 + node (1 + 3)).
    costs("{ products { edges { cursor node { id name sku } } } }", 1 + 20 * (1 + 1 + (1 + 3)));
    // A list without `first` (an order's items): defaultListSize items. me 1 + orders (1 + 20 × (edges 1 + node (1 + items (1 + size × 1)))).
    costs("{ me { orders { edges { node { items { quantity } } } } } }", 1 + (1 + 20 * (1 + (1 + (1 + defaultListSize)))));
    // __typename costs nothing (the gateway answers it): Apollo Client selects it everywhere.
    costs("{ products { __typename edges { __typename cursor node { __typename id name sku } } } }", 1 + 20 * (1 + 1 + (1 + 3)));
  });

  it("stops counting tokens one past the limit, and reports every limit an operation is over", () => {
    const aliases = Array.from({ length: limits.aliases + 1 }, (_, index) => `p${index}: products(first: 100) { edges { node { id name sku priceCents } } }`).join(" ");
    expect(check(`{ ${aliases} }`)).toEqual(expect.arrayContaining(["aliases", "rootFields", "cost"]));
    expect(check(`{ me { ${"id ".repeat(limits.tokens - 5)} } }`)).toEqual([]);
    expect(check(`{ me { ${"id ".repeat(limits.tokens - 4)} } }`)).toEqual(["tokens"]);
  });
});

describe("createLimitsCheck", () => {
  const tight = { ...limits, cost: 100 };
  const source = "query Page($n: Int, $search: String, $withSku: Boolean!) { products(first: $n, search: $search) { edges { node { id name sku @include(if: $withSku) } } } }";
  const document = parse(source);
  const operation = getOperationAST(document)!;
  const remembered = createLimitsCheck(tight, defaultListSize);
  const both = (variables: Record<string, unknown>) => {
    const request = { schema, source, document, operation, variables };
    return [remembered(request), exceededLimits(request, tight, defaultListSize)];
  };

  it("gives the same answers as exceededLimits for the same document, whatever the variables the cost reads, in any order", () => {
    for (const variables of [{ n: 5, withSku: false }, { n: 50, withSku: false }, { n: 5, withSku: false, search: "lamp" }, { n: 20, withSku: true }, { n: 20, withSku: false }, { n: 50, withSku: false }]) {
      const [fromMemory, computed] = both(variables);
      expect(fromMemory, JSON.stringify(variables)).toEqual(computed);
    }
    expect(both({ n: 50, withSku: false })[0]).toEqual(["cost"]);
    expect(both({ n: 5, withSku: false })[0]).toEqual([]);
  });

  it("does not remember what invalid variables gave: the same costly page with valid ones is still refused", () => {
    const check = createLimitsCheck(tight, defaultListSize);
    const request = (variables: Record<string, unknown>) => ({ schema, source, document, operation, variables });
    // $search is not a String: no cost can be estimated (the gateway refuses the variables itself).
    expect(check(request({ n: 50, withSku: false, search: { not: "a string" } }))).toEqual([]);
    expect(check(request({ n: 50, withSku: false, search: "lamp" }))).toEqual(["cost"]);
  });
});

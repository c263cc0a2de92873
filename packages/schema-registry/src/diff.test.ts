import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { diffApiSchemas } from "./diff.ts";

const PUBLISHED = buildSchema(`
  type Query { product(id: ID!): Product, search(filter: Filter): [Product!]! }
  type Product { id: ID!, name: String!, legacyCode: String @deprecated(reason: "Use id."), status: Status! }
  enum Status { ACTIVE ARCHIVED OLD @deprecated(reason: "Never set.") }
  input Filter { text: String }
`);

async function changesTo(sdl: string) {
  return (await diffApiSchemas(PUBLISHED, buildSchema(sdl))).map(({ code, level, coordinate }) => [code, level, coordinate]);
}

describe("diffApiSchemas", () => {
  it("finds nothing between equal schemas", async () => {
    expect(await diffApiSchemas(PUBLISHED, PUBLISHED)).toEqual([]);
  });

  it("classifies removals: breaking, or only dangerous when deprecated first", async () => {
    expect(
      await changesTo(`
        type Query { product(id: ID!): Product, search(filter: Filter): [Product!]! }
        type Product { id: ID!, status: Status! }
        enum Status { ACTIVE }
        input Filter { text: String }
      `),
    ).toEqual([
      ["FIELD_REMOVED", "BREAKING", "Product.name"],
      ["FIELD_REMOVED", "DANGEROUS", "Product.legacyCode"],
      ["ENUM_VALUE_REMOVED", "BREAKING", "Status.ARCHIVED"],
      ["ENUM_VALUE_REMOVED", "DANGEROUS", "Status.OLD"],
    ]);
  });

  it("classifies additions: a required argument or input field breaks, an optional one is safe", async () => {
    expect(
      await changesTo(`
        type Query { product(id: ID!, locale: String!, currency: String): Product, search(filter: Filter): [Product!]! }
        type Product { id: ID!, name: String!, legacyCode: String @deprecated(reason: "Use id."), status: Status!, sku: String }
        enum Status { ACTIVE ARCHIVED OLD @deprecated(reason: "Never set.") }
        input Filter { text: String, category: String!, page: Int }
      `),
    ).toEqual([
      ["FIELD_ARGUMENT_ADDED", "BREAKING", "Query.product.locale"],
      ["FIELD_ARGUMENT_ADDED", "SAFE", "Query.product.currency"],
      ["FIELD_ADDED", "SAFE", "Product.sku"],
      ["INPUT_FIELD_ADDED", "BREAKING", "Filter.category"],
      ["INPUT_FIELD_ADDED", "SAFE", "Filter.page"],
    ]);
  });

  it("classifies type changes of arguments and fields", async () => {
    expect(
      await changesTo(`
        type Query { product(id: Int!): Product, search(filter: Filter): [Product!]! }
        type Product { id: ID!, name: String, legacyCode: String @deprecated(reason: "Use id."), status: Status! }
        enum Status { ACTIVE ARCHIVED OLD @deprecated(reason: "Never set.") }
        input Filter { text: String }
      `),
    ).toEqual([
      ["FIELD_ARGUMENT_TYPE_CHANGED", "BREAKING", "Query.product.id"],
      ["FIELD_TYPE_CHANGED", "BREAKING", "Product.name"],
    ]);
  });
});

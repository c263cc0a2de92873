import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { coordinatesUsedBy, isAffected, readOperations, validateOperation } from "./operations.ts";

const SCHEMA = buildSchema(`
  type Query { product(id: ID!): Product, products(filter: Filter): [Product!]! }
  type Mutation { rename(id: ID!, name: String!): Product! }
  type Product { id: ID!, name: String!, status: Status!, related: [Product!]! }
  enum Status { ACTIVE ARCHIVED }
  input Filter { text: String, range: Range }
  input Range { from: Int, to: Int }
`);

describe("readOperations", () => {
  it("registers each named operation with the fragments it spreads, printed as a client sends it", () => {
    const { operations, problems } = readOperations([
      {
        file: "ops/product.graphql",
        source: `
          # comments are not part of the body
          fragment Unused on Product { id }
          fragment Name on Product { name ...Id }
          query Product($id: ID!) { product(id: $id) { ...Name related { ...Id } } }
          fragment Id on Product { id }
          mutation Rename { rename(id: "1", name: "x") { id } }
        `,
      },
    ]);
    expect(problems).toEqual([]);
    expect(operations.map(({ name, type, file }) => ({ name, type, file }))).toEqual([
      { name: "Product", type: "query", file: "ops/product.graphql" },
      { name: "Rename", type: "mutation", file: "ops/product.graphql" },
    ]);
    expect(operations[0]!.body).toBe(
      [
        "query Product($id: ID!) {",
        "  product(id: $id) {",
        "    ...Name",
        "    related {",
        "      ...Id",
        "    }",
        "  }",
        "}",
        "",
        "fragment Id on Product {",
        "  id",
        "}",
        "",
        "fragment Name on Product {",
        "  name",
        "  ...Id",
        "}",
      ].join("\n"),
    );
    expect(operations[1]!.body).toBe('mutation Rename {\n  rename(id: "1", name: "x") {\n    id\n  }\n}');
  });

  it("refuses documents that do not parse, anonymous operations and names registered twice", () => {
    const { operations, problems } = readOperations([
      { file: "a.graphql", source: "query A { product(id: 1) { id } }" },
      { file: "b.graphql", source: "query A { products { id } } { products { name } }" },
      { file: "c.graphql", source: "query {" },
    ]);
    expect(operations.map((operation) => operation.name)).toEqual(["A"]);
    expect(problems).toEqual([
      { code: "OPERATION_NAME_DUPLICATED", file: "b.graphql", message: "b.graphql: operation A is already registered in a.graphql" },
      { code: "OPERATION_UNNAMED", file: "b.graphql", message: "b.graphql: every registered query needs a name" },
      { code: "OPERATION_SYNTAX_ERROR", file: "c.graphql", message: expect.stringMatching(/^c\.graphql: Syntax Error/) },
    ]);
  });
});

describe("validateOperation", () => {
  it("returns the validation errors against the schema", () => {
    const [valid, invalid] = readOperations([
      { file: "ok.graphql", source: "query Ok { products { id } }" },
      { file: "bad.graphql", source: "query Bad { products { sku } }" },
    ]).operations;
    expect(validateOperation(SCHEMA, valid!)).toEqual([]);
    expect(validateOperation(SCHEMA, invalid!)).toEqual(['Cannot query field "sku" on type "Product".']);
  });
});

describe("coordinatesUsedBy and isAffected", () => {
  const used = coordinatesUsedBy(
    SCHEMA,
    parse(`
      query Catalogue($filter: Filter) {
        products(filter: $filter) { id ... on Product { status } }
        product(id: "1") { ...Details }
      }
      fragment Details on Product { name }
    `),
  );

  it("collects the types, fields and arguments an operation uses, and every member of its input objects and enums", () => {
    expect([...used].sort()).toEqual([
      "Filter",
      "Filter.range",
      "Filter.text",
      "ID",
      "Int",
      "Product",
      "Product.id",
      "Product.name",
      "Product.status",
      "Query",
      "Query.product",
      "Query.product.id",
      "Query.products",
      "Query.products.filter",
      "Range",
      "Range.from",
      "Range.to",
      "Status",
      "Status.ACTIVE",
      "Status.ARCHIVED",
      "String",
    ]);
  });

  it("matches a change at a field, an input field or an enum value exactly, and one at an argument by its field", () => {
    expect(isAffected(used, "Product.name")).toBe(true);
    expect(isAffected(used, "Product.related")).toBe(false);
    expect(isAffected(used, "Range.to")).toBe(true);
    expect(isAffected(used, "Status.ARCHIVED")).toBe(true);
    expect(isAffected(used, "Query.products.first")).toBe(true);
    expect(isAffected(used, "Mutation.rename.name")).toBe(false);
  });
});

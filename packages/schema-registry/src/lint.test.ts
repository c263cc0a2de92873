import { describe, expect, it } from "vitest";
import { lintSubgraph } from "./lint.ts";

const lint = (sdl: string) => lintSubgraph({ name: "shop", sdl }).map(({ rule, coordinate, message }) => [rule, coordinate, message]);

describe("lintSubgraph", () => {
  it("accepts SDL that keeps the conventions", () => {
    const sdl = `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { "The product." product(id: ID!): Product }
      type Product @key(fields: "id") { id: ID!, oldName: String @deprecated(reason: "Use name."), name: String, status: ProductStatus }
      enum ProductStatus { ACTIVE, ON_HOLD }
      input ProductInput { unitPriceCents: Int }
    `;
    expect(lint(sdl)).toEqual([]);
  });

  it("names types, fields, arguments and enum values that break the naming conventions, with the right name", () => {
    const sdl = `
      type order_item { unit_price: Int, Total(in_cents: Boolean): Int }
      enum orderStatus { pending, onHold }
      input Order_Input { Quantity: Int }
    `;
    expect(lint(sdl)).toEqual([
      ["TYPE_NAME_CASE", "order_item", 'Type "order_item" should be PascalCase ("OrderItem").'],
      ["FIELD_NAME_CASE", "order_item.unit_price", 'Field "order_item.unit_price" should be camelCase ("unitPrice").'],
      ["FIELD_NAME_CASE", "order_item.Total", 'Field "order_item.Total" should be camelCase ("total").'],
      ["FIELD_NAME_CASE", "order_item.Total.in_cents", 'Argument "order_item.Total.in_cents" should be camelCase ("inCents").'],
      ["TYPE_NAME_CASE", "orderStatus", 'Type "orderStatus" should be PascalCase ("OrderStatus").'],
      ["ENUM_VALUE_CASE", "orderStatus.pending", 'Enum value "orderStatus.pending" should be UPPER_CASE ("PENDING").'],
      ["ENUM_VALUE_CASE", "orderStatus.onHold", 'Enum value "orderStatus.onHold" should be UPPER_CASE ("ON_HOLD").'],
      ["TYPE_NAME_CASE", "Order_Input", 'Type "Order_Input" should be PascalCase ("OrderInput").'],
      ["FIELD_NAME_CASE", "Order_Input.Quantity", 'Field "Order_Input.Quantity" should be camelCase ("quantity").'],
    ]);
  });

  it("wants a reason on every @deprecated", () => {
    const sdl = `
      type Product { a: Int @deprecated, b(x: Int @deprecated(reason: " ")): Int }
      enum Kind { OLD @deprecated }
    `;
    expect(lint(sdl).map(([rule, coordinate]) => [rule, coordinate])).toEqual([
      ["DEPRECATION_REASON_MISSING", "Product.a"],
      ["DEPRECATION_REASON_MISSING", "Product.b.x"],
      ["DEPRECATION_REASON_MISSING", "Kind.OLD"],
    ]);
  });

  it("wants a description on every root field, including renamed and extended root types", () => {
    expect(lint(`extend type Query { "Documented." a: Int, b: Int } type Mutation { c: Int } type Other { d: Int }`).map(([, coordinate]) => coordinate)).toEqual([
      "Query.b",
      "Mutation.c",
    ]);
    expect(lint(`schema { query: Root } type Root { a: Int } type Query { b: Int }`).map(([, coordinate]) => coordinate)).toEqual(["Root.a"]);
  });

  it("leaves reserved names and SDL that does not parse alone", () => {
    expect(lint(`type _Service { sdl: String } type Query { "x" _entities: Int }`)).toEqual([]);
    expect(lint("type {")).toEqual([]);
  });
});

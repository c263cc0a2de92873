import { describe, expect, it } from "vitest";
import { changeAttribution, enclosing } from "./subgraphs.ts";

const PUBLISHED = [
  { name: "catalog", sdl: `type Product { id: ID!, name: String!, price(currency: String): Int } enum Status { ON OFF }` },
  { name: "reviews", sdl: `type Product { id: ID!, reviews: [Int!]! } type PageInfo { hasNextPage: Boolean! }` },
  { name: "orders", sdl: `type PageInfo { hasNextPage: Boolean! }` },
];

describe("changeAttribution", () => {
  it("names the subgraph whose SDL changed at the coordinate", () => {
    const candidate = [
      { name: "catalog", sdl: `type Product { id: ID!, price(currency: String!): Int } enum Status { ON }` },
      { name: "reviews", sdl: `type Product { id: ID!, reviews(first: Int): [Int!]! } type PageInfo { hasNextPage: Boolean! }` },
      { name: "orders", sdl: `type PageInfo { hasNextPage: Boolean, endCursor: String }` },
    ];
    const subgraphsChangedAt = changeAttribution(PUBLISHED, candidate);
    expect(subgraphsChangedAt("Product.name")).toEqual(["catalog"]);
    expect(subgraphsChangedAt("Product.price.currency")).toEqual(["catalog"]);
    expect(subgraphsChangedAt("Product.reviews.first")).toEqual(["reviews"]);
    expect(subgraphsChangedAt("Status.OFF")).toEqual(["catalog"]);
    expect(subgraphsChangedAt("PageInfo.hasNextPage")).toEqual(["orders"]);
    expect(subgraphsChangedAt("PageInfo.endCursor")).toEqual(["orders"]);
    expect(subgraphsChangedAt("Product.id")).toEqual(["catalog", "reviews"]);
    expect(subgraphsChangedAt("@defer")).toEqual([]);
  });

  it("falls back to the enclosing definition, and to every subgraph when nothing was published", () => {
    expect(changeAttribution(PUBLISHED, PUBLISHED)("Product.name")).toEqual([]);
    expect(changeAttribution([], PUBLISHED)("PageInfo.hasNextPage")).toEqual(["orders", "reviews"]);
    // A candidate that does not parse defines nothing: composition reports it.
    expect(changeAttribution(PUBLISHED, [{ name: "catalog", sdl: "type {" }])("Status.ON")).toEqual(["catalog"]);
  });

  it("walks coordinates outwards", () => {
    expect(enclosing("Product.price.currency")).toBe("Product.price");
    expect(enclosing("Product")).toBe("");
  });
});

import { isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { apiSchemaOf, composeSubgraphs } from "./compose.ts";
import { edited, SUBGRAPHS } from "./testing.ts";

describe("composeSubgraphs", () => {
  it("composes the subgraphs into a supergraph that ends with one newline", () => {
    const outcome = composeSubgraphs(SUBGRAPHS);
    expect(outcome).toMatchObject({ ok: true, hints: [] });
    expect(outcome.ok && outcome.supergraphSdl).toMatch(/CATALOG @join__graph\(name: "catalog", url: "http:\/\/catalog.test\/graphql"\)[\s\S]*[^\n]\n$/);
  });

  it("names the subgraphs a composition error involves", () => {
    const outcome = composeSubgraphs(edited("reviews", "  endCursor: String", "  endCursor: Int"));
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: "FIELD_TYPE_MISMATCH", subgraphs: ["catalog", "reviews"] })],
    });
  });

  it("reports a subgraph whose SDL does not parse, and one that is invalid, by name", () => {
    expect(composeSubgraphs(edited("reviews", "type Review {", "type Review"))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: "INVALID_GRAPHQL", subgraphs: ["reviews"], message: expect.stringMatching(/^\[reviews\] Syntax Error/) })],
    });
    expect(composeSubgraphs(edited("reviews", "rating: Int!", "rating: Stars!"))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: "INVALID_GRAPHQL", subgraphs: ["reviews"], message: "[reviews] Unknown type Stars" })],
    });
  });

  it("passes composition hints on as warnings with their subgraphs", () => {
    const outcome = composeSubgraphs(edited("reviews", "  endCursor: String", "  endCursor: String!"));
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.hints).toEqual([expect.objectContaining({ code: "INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE", subgraphs: ["catalog", "reviews"] })]);
  });
});

describe("apiSchemaOf", () => {
  it("is what clients see: no federation machinery, no @inaccessible fields", () => {
    const outcome = composeSubgraphs(SUBGRAPHS);
    const api = apiSchemaOf(outcome.ok ? outcome.supergraphSdl : "");
    expect(Object.keys(api.getQueryType()!.getFields())).toEqual(["product", "products", "latestReviews"]);
    const product = api.getType("Product");
    expect(isObjectType(product) && Object.keys(product.getFields())).toEqual(["id", "name", "sku", "legacyCode", "weightGrams", "priceCents", "status", "reviews"]);
    expect(api.getType("join__Graph")).toBeUndefined();
  });
});

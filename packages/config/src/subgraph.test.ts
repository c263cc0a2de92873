import { describe, expect, it } from "vitest";
import { z } from "zod";
import { databaseUrlFor, generateKeys, loadSubgraphConfig, subgraphUrlFor } from "./index.ts";

describe("subgraph configuration", () => {
  it("gives each service its own database on one server by default", () => {
    expect(databaseUrlFor("users", {})).toBe("postgresql://postgres@127.0.0.1:5432/shop_users");
    expect(databaseUrlFor("orders", { POSTGRES_URL: "postgresql://u:p@db:5432/?sslmode=require", DATABASE_PREFIX: "ci" })).toBe(
      "postgresql://u:p@db:5432/ci_orders?sslmode=require",
    );
    expect(databaseUrlFor("products", { PRODUCTS_DATABASE_URL: "", POSTGRES_URL: "", DATABASE_PREFIX: "" })).toBe(
      "postgresql://postgres@127.0.0.1:5432/shop_products",
    );
    expect(databaseUrlFor("orders", { ORDERS_DATABASE_URL: "postgresql://x/y" })).toBe("postgresql://x/y");
  });

  it("finds subgraphs on their default ports unless told otherwise", () => {
    expect(subgraphUrlFor("products", {})).toBe("http://localhost:4002/graphql");
    expect(subgraphUrlFor("products", { PRODUCTS_PORT: "5002" })).toBe("http://localhost:5002/graphql");
    expect(subgraphUrlFor("products", { PRODUCTS_URL: "http://products/graphql" })).toBe("http://products/graphql");
    expect(() => subgraphUrlFor("products", { PRODUCTS_URL: "products:4002" })).toThrow(/PRODUCTS_URL is invalid/);
  });

  it("reads the shared and the subgraph's own variables", () => {
    const config = loadSubgraphConfig("orders", { PRODUCTS_TIMEOUT_MS: z.coerce.number().default(2000) }, { ...generateKeys(), ORDERS_PORT: "0" });
    expect(config).toMatchObject({ name: "orders", port: 0, nodeEnv: "development", host: "127.0.0.1" });
    expect(config.env.PRODUCTS_TIMEOUT_MS).toBe(2000);
  });

  it("refuses to start without a request signing secret, saying how to make one, and reads a rotation's two", () => {
    const { REQUEST_SIGNING_SECRET: _unset, ...others } = generateKeys();
    expect(() => loadSubgraphConfig("orders", {}, others)).toThrow(/REQUEST_SIGNING_SECRET is missing: run `npm run keys:generate`/);
    expect(() => loadSubgraphConfig("orders", {}, { ...others, REQUEST_SIGNING_SECRET: "too-short" })).toThrow(/REQUEST_SIGNING_SECRET is invalid: must be at least 32 characters/);
    const [next, old] = [generateKeys().REQUEST_SIGNING_SECRET, generateKeys().REQUEST_SIGNING_SECRET];
    expect(loadSubgraphConfig("orders", {}, { ...others, REQUEST_SIGNING_SECRET: `${next}, ${old}` }).requestSigningSecrets).toEqual([next, old]);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { databaseUrlFor, loadSubgraphConfig, subgraphUrlFor } from "./index.ts";

// The one variable with no default: every service must be given the deployment's signing secret.
const REQUIRED = { REQUEST_SIGNING_SECRET: "s".repeat(32) };

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
    const config = loadSubgraphConfig("orders", { PRODUCTS_TIMEOUT_MS: z.coerce.number().default(2000) }, { ...REQUIRED, ORDERS_PORT: "0" });
    expect(config).toMatchObject({ name: "orders", port: 0, nodeEnv: "development", host: "0.0.0.0" });
    expect(config.env.PRODUCTS_TIMEOUT_MS).toBe(2000);
    expect(() => loadSubgraphConfig("orders", {}, { ...REQUIRED, NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
  });

  it("refuses to start without a request signing secret, saying how to make one, and reads a rotation's two", () => {
    expect(() => loadSubgraphConfig("orders", {}, {})).toThrow(/REQUEST_SIGNING_SECRET is missing \(set the same random secret on every service, e\.g\. `openssl rand -base64 32`/);
    expect(() => loadSubgraphConfig("orders", {}, { REQUEST_SIGNING_SECRET: "too-short" })).toThrow(/REQUEST_SIGNING_SECRET is invalid: each secret must be at least 32 characters/);
    const rotating = loadSubgraphConfig("orders", {}, { REQUEST_SIGNING_SECRET: `${"n".repeat(32)}, ${"o".repeat(32)}` });
    expect(rotating.requestSigningSecrets).toEqual(["n".repeat(32), "o".repeat(32)]);
  });
});

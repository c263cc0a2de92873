import { describe, expect, it } from "vitest";
import { loadGatewayConfig } from "./config.ts";

// The one variable with no default: every service must be given the deployment's signing secret.
const REQUIRED = { REQUEST_SIGNING_SECRET: "s".repeat(32) };

describe("loadGatewayConfig", () => {
  it("defaults to the local ports and the committed supergraph", () => {
    const config = loadGatewayConfig(REQUIRED);
    expect(config.port).toBe(4000);
    expect(config.subgraphUrls).toEqual({
      users: "http://localhost:4001/graphql",
      products: "http://localhost:4002/graphql",
      orders: "http://localhost:4003/graphql",
      notifications: "http://localhost:4004/graphql",
    });
    expect(config.supergraphPath).toMatch(/schema\/supergraph\.graphql$/);
    expect(config.corsOrigins).toContain("https://studio.apollographql.com");
    expect(config.operationSafelist).toBe(false);
    expect(config.persistedQueryManifestPath).toMatch(/schema\/persisted-query-manifest\.json$/);
  });

  it("takes subgraph addresses and browser origins from the environment", () => {
    const config = loadGatewayConfig({ ...REQUIRED, ORDERS_URL: "http://orders:4003/graphql", CORS_ORIGINS: "https://shop.example, https://admin.shop.example" });
    expect(config.subgraphUrls.orders).toBe("http://orders:4003/graphql");
    expect(config.corsOrigins).toEqual(["https://shop.example", "https://admin.shop.example"]);
  });

  it("turns the operation safelist on only for OPERATION_SAFELIST=true, and refuses anything but true or false", () => {
    expect(loadGatewayConfig({ ...REQUIRED, OPERATION_SAFELIST: "true" }).operationSafelist).toBe(true);
    expect(loadGatewayConfig({ ...REQUIRED, OPERATION_SAFELIST: "false" }).operationSafelist).toBe(false);
    expect(() => loadGatewayConfig({ ...REQUIRED, OPERATION_SAFELIST: "yes" })).toThrow(/OPERATION_SAFELIST is invalid/);
    expect(loadGatewayConfig({ ...REQUIRED, PERSISTED_QUERY_MANIFEST_PATH: "/etc/shop/manifest.json" }).persistedQueryManifestPath).toBe("/etc/shop/manifest.json");
  });

  it("bounds concurrent subscription follow-ups, 32 unless MAX_CONCURRENT_FOLLOW_UPS says otherwise, and refuses a non-positive count", () => {
    expect(loadGatewayConfig(REQUIRED).maxConcurrentFollowUps).toBe(32);
    expect(loadGatewayConfig({ ...REQUIRED, MAX_CONCURRENT_FOLLOW_UPS: "4" }).maxConcurrentFollowUps).toBe(4);
    expect(() => loadGatewayConfig({ ...REQUIRED, MAX_CONCURRENT_FOLLOW_UPS: "0" })).toThrow(/MAX_CONCURRENT_FOLLOW_UPS is invalid/);
    expect(() => loadGatewayConfig({ ...REQUIRED, MAX_CONCURRENT_FOLLOW_UPS: "many" })).toThrow(/MAX_CONCURRENT_FOLLOW_UPS is invalid/);
  });

  it("trusts no proxy's X-Forwarded-For unless TRUST_PROXY names a hop count or addresses", () => {
    expect(loadGatewayConfig(REQUIRED).trustProxy).toBe(false);
    expect(loadGatewayConfig({ ...REQUIRED, TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadGatewayConfig({ ...REQUIRED, TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toEqual(["loopback", "10.0.0.0/8"]);
    expect(() => loadGatewayConfig({ ...REQUIRED, TRUST_PROXY: "every one" })).toThrow(/TRUST_PROXY is invalid/);
  });

  it("reads each operation limit and its mode from the environment, and refuses a token limit past the parser's", () => {
    expect(loadGatewayConfig(REQUIRED).operationLimits).toEqual({
      limits: { depth: 15, aliases: 30, rootFields: 10, tokens: 1000, directives: 20, cost: 15000 },
      defaultListSize: 10,
      mode: "enforce",
    });
    const tuned = loadGatewayConfig({ ...REQUIRED, GATEWAY_MAX_DEPTH: "8", GATEWAY_MAX_COST: "500", GATEWAY_OPERATION_LIMITS_MODE: "log" }).operationLimits;
    expect(tuned).toMatchObject({ limits: { depth: 8, cost: 500 }, mode: "log" });
    expect(() => loadGatewayConfig({ ...REQUIRED, GATEWAY_MAX_TOKENS: "20001" })).toThrow(/GATEWAY_MAX_TOKENS/);
    expect(() => loadGatewayConfig({ ...REQUIRED, GATEWAY_OPERATION_LIMITS_MODE: "off" })).toThrow(/GATEWAY_OPERATION_LIMITS_MODE/);
  });
});

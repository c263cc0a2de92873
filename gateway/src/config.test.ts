import { describe, expect, it } from "vitest";
import { generateKeys } from "@shop/config";
import { loadGatewayConfig as loadWithoutKeys } from "./config.ts";

const { JWT_PUBLIC_KEYS, REQUEST_SIGNING_SECRET } = generateKeys();
/** The gateway's configuration with the keys it reads. */
const loadGatewayConfig = (source: Record<string, string>) => loadWithoutKeys({ JWT_PUBLIC_KEYS, REQUEST_SIGNING_SECRET, ...source });

describe("loadGatewayConfig", () => {
  it("defaults to the local ports and the committed supergraph", () => {
    const config = loadGatewayConfig({});
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

  it("verifies user tokens with the public keys alone, and refuses to start without them", () => {
    expect(loadGatewayConfig({}).tokenKeys).toEqual({ publicKeys: JSON.parse(JWT_PUBLIC_KEYS).keys });
    expect(() => loadWithoutKeys({})).toThrow(/JWT_PUBLIC_KEYS is missing: run `npm run keys:generate`/);
  });

  it("takes subgraph addresses and browser origins from the environment", () => {
    const config = loadGatewayConfig({ ORDERS_URL: "http://orders:4003/graphql", CORS_ORIGINS: "https://shop.example, https://admin.shop.example" });
    expect(config.subgraphUrls.orders).toBe("http://orders:4003/graphql");
    expect(config.corsOrigins).toEqual(["https://shop.example", "https://admin.shop.example"]);
  });

  it("turns the operation safelist on only for OPERATION_SAFELIST=true, and refuses anything but true or false", () => {
    expect(loadGatewayConfig({ OPERATION_SAFELIST: "true" }).operationSafelist).toBe(true);
    expect(loadGatewayConfig({ OPERATION_SAFELIST: "false" }).operationSafelist).toBe(false);
    expect(() => loadGatewayConfig({ OPERATION_SAFELIST: "yes" })).toThrow(/OPERATION_SAFELIST is invalid/);
    expect(loadGatewayConfig({ PERSISTED_QUERY_MANIFEST_PATH: "/etc/shop/manifest.json" }).persistedQueryManifestPath).toBe("/etc/shop/manifest.json");
  });

  it("bounds concurrent subscription follow-ups, 32 unless MAX_CONCURRENT_FOLLOW_UPS says otherwise, and refuses a non-positive count", () => {
    expect(loadGatewayConfig({}).maxConcurrentFollowUps).toBe(32);
    expect(loadGatewayConfig({ MAX_CONCURRENT_FOLLOW_UPS: "4" }).maxConcurrentFollowUps).toBe(4);
    expect(() => loadGatewayConfig({ MAX_CONCURRENT_FOLLOW_UPS: "0" })).toThrow(/MAX_CONCURRENT_FOLLOW_UPS is invalid/);
    expect(() => loadGatewayConfig({ MAX_CONCURRENT_FOLLOW_UPS: "many" })).toThrow(/MAX_CONCURRENT_FOLLOW_UPS is invalid/);
  });

  it("has no default browser origins in production: they must be named", () => {
    expect(() => loadGatewayConfig({ NODE_ENV: "production" })).toThrow(/CORS_ORIGINS is missing: name the browser origins of your front ends/);
    expect(loadGatewayConfig({ NODE_ENV: "production", CORS_ORIGINS: "https://shop.example" }).corsOrigins).toEqual(["https://shop.example"]);
  });

  it("trusts no proxy's X-Forwarded-For unless TRUST_PROXY names a hop count or addresses", () => {
    expect(loadGatewayConfig({}).trustProxy).toBe(false);
    expect(loadGatewayConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadGatewayConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toEqual(["loopback", "10.0.0.0/8"]);
    expect(() => loadGatewayConfig({ TRUST_PROXY: "every one" })).toThrow(/TRUST_PROXY is invalid/);
  });

  it("reads each operation limit and its mode from the environment, and refuses a token limit past the parser's", () => {
    expect(loadGatewayConfig({}).operationLimits).toEqual({
      limits: { depth: 15, aliases: 30, rootFields: 10, tokens: 1000, directives: 20, cost: 15000 },
      defaultListSize: 10,
      mode: "enforce",
    });
    const tuned = loadGatewayConfig({ GATEWAY_MAX_DEPTH: "8", GATEWAY_MAX_COST: "500", GATEWAY_OPERATION_LIMITS_MODE: "log" }).operationLimits;
    expect(tuned).toMatchObject({ limits: { depth: 8, cost: 500 }, mode: "log" });
    expect(() => loadGatewayConfig({ GATEWAY_MAX_TOKENS: "20001" })).toThrow(/GATEWAY_MAX_TOKENS/);
    expect(() => loadGatewayConfig({ GATEWAY_OPERATION_LIMITS_MODE: "off" })).toThrow(/GATEWAY_OPERATION_LIMITS_MODE/);
  });
});

// The services as the start command runs them: separate processes from their entry points.
import { describe, expect, it } from "vitest";
import { PUBLISHED_SECRETS } from "@shop/config";
import { subgraphSignature } from "../support/client.ts";
import { spawnService as run } from "../support/service-process.ts";

describe("service processes", () => {
  it("refuse to start without keys, in any mode, with a clear message naming what is missing and the fix", async () => {
    for (const NODE_ENV of ["production", "development"]) {
      const { exited, output } = run("subgraphs/users", { NODE_ENV, USERS_JWT_PRIVATE_KEY: "", JWT_PUBLIC_KEYS: "", USERS_PORT: "0" });
      expect(await exited).toBe(1);
      expect(output()).toContain("USERS_JWT_PRIVATE_KEY is missing: run `npm run keys:generate`");
      expect(output()).toContain("JWT_PUBLIC_KEYS is missing");
      expect(output()).not.toMatch(/\n\s+at /);
    }
  });

  it("refuse a secret published in the repository", async () => {
    const { exited, output } = run("subgraphs/orders", { SERVICE_TOKEN_SECRET: PUBLISHED_SECRETS[0], ORDERS_PORT: "0" });
    expect(await exited).toBe(1);
    expect(output()).toContain("SERVICE_TOKEN_SECRET is invalid: is a value published in the repository");
  });

  it("refuse to start without the request signing secret, saying how to make one", async () => {
    const { exited, output } = run("subgraphs/orders", { REQUEST_SIGNING_SECRET: "", ORDERS_PORT: "0" });
    expect(await exited).toBe(1);
    expect(output()).toContain("REQUEST_SIGNING_SECRET is missing: run `npm run keys:generate`");
  });

  it("name an invalid value", async () => {
    const { exited, output } = run("gateway", { GATEWAY_PORT: "http" });
    expect(await exited).toBe(1);
    expect(output()).toContain("GATEWAY_PORT is invalid");
  });

  it("start, serve and stop cleanly on SIGTERM", async () => {
    const { child, exited, output, ready } = run("subgraphs/products", { PRODUCTS_PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });
    const url = await ready("products");
    const body = JSON.stringify({ query: "{ categories }" });
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...subgraphSignature(url, body) }, body });
    expect(response.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain("products stopped");
  });
});

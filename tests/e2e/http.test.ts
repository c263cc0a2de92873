import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../support/stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

describe("the gateway over HTTP", () => {
  it("opens Apollo Sandbox for a browser GET", async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });

  it("refuses cross-site simple requests (CSRF prevention)", async () => {
    const response = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
    const preflighted = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(await preflighted.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("answers CORS preflights only for configured origins", async () => {
    const preflight = (origin: string) =>
      fetch(stack.gatewayUrl, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authorization" },
      });
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const denied = await preflight("https://evil.example");
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("maps malformed queries to BAD_USER_INPUT without a stack trace", async () => {
    const response = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ products(first: 1) { nope } }" }),
    });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("reports liveness and readiness on every service", async () => {
    for (const service of Object.values(stack.services)) {
      const base = service.url.replace(/\/graphql$/, "");
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status, service.name).toBe(200);
    }
    const orders = await fetch(stack.services.orders.url.replace(/\/graphql$/, "/readyz"));
    expect(await orders.json()).toEqual({ status: "ok", checks: { database: "ok", redis: "ok" } });
  });

  it("stops answering once stopped", async () => {
    const { notifications } = stack.services;
    const base = notifications.url.replace(/\/graphql$/, "");
    await notifications.stop();
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });
});

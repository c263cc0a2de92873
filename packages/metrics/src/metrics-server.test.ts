import { Counter } from "prom-client";
import { describe, expect, it } from "vitest";
import { startMetricsServer } from "./metrics-server.ts";
import { createServiceRegistry } from "./registry.ts";

describe("startMetricsServer", () => {
  it("serves the registry at /metrics on its own port, and nothing else", async () => {
    const registry = createServiceRegistry("orders");
    new Counter({ name: "things_total", help: "Things.", registers: [registry] }).inc(3);
    const server = await startMetricsServer({ registry, port: 0, host: "127.0.0.1" });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.headers.get("content-type")).toBe(registry.contentType);
      const text = await response.text();
      expect(text).toContain('things_total{service="orders"} 3');
      expect(text).toMatch(/^process_cpu_user_seconds_total\{service="orders"\} /m);
      expect((await fetch(`http://127.0.0.1:${server.port}/graphql`)).status).toBe(404);
    } finally {
      await server.stop();
    }
    await expect(fetch(`http://127.0.0.1:${server.port}/metrics`)).rejects.toThrow();
  });

  it("keeps two services' registries apart in one process", async () => {
    const users = createServiceRegistry("users");
    const orders = createServiceRegistry("orders");
    new Counter({ name: "only_users_total", help: "Users only.", registers: [users] }).inc();
    expect(await users.metrics()).toContain('only_users_total{service="users"} 1');
    expect(await orders.metrics()).not.toContain("only_users_total");
  });
});

import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../tests/support/ports.ts";
import { sampleGroups } from "./process-stats.ts";
import { attachStack } from "./stack.ts";

const servers: net.Server[] = [];
async function listen(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

describe("attachStack", () => {
  it("finds the running services by their ports, one process for services sharing it, and says which it could not find", async () => {
    const gateway = await listen();
    const users = await listen();
    const nobody = await freePort();
    const stack = attachStack(`http://127.0.0.1:${gateway}/graphql`, {
      DATABASE_PREFIX: "shop_bench",
      USERS_PORT: String(users),
      PRODUCTS_PORT: String(nobody),
      ORDERS_PORT: String(nobody),
      NOTIFICATIONS_PORT: String(nobody),
      GATEWAY_METRICS_PORT: "9999",
    });
    expect(stack.mode).toBe("attach");
    expect(stack.gatewayUrl).toBe(`http://127.0.0.1:${gateway}/graphql`);
    expect(stack.metricsUrls[0]).toBe("http://127.0.0.1:9999/metrics");
    expect(stack.metricsUrls).toContain("http://127.0.0.1:9401/metrics");
    expect(stack.missing).toEqual([
      `products (nothing of ours listens on port ${nobody})`,
      `orders (nothing of ours listens on port ${nobody})`,
      `notifications (nothing of ours listens on port ${nobody})`,
    ]);
    const names = stack.processes.map((group) => group.name);
    // Both "services" are this process, as in laptop mode; no Redis: one process is not the multi-process shape.
    expect(names).toEqual(["supergraph (gateway, users)", "postgres", "load generator"]);
    const sample = sampleGroups(stack.processes);
    expect(sample["supergraph (gateway, users)"]!.processes).toBe(1);
    expect(sample.postgres!.processes).toBeGreaterThanOrEqual(1);
  });
});

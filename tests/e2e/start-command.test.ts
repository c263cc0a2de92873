// `npm start` with PostgreSQL and Redis configured, as in a team's shared setup: every
// service its own process on Redis, the configured server's (test) databases, a
// cross-subgraph query, and nothing left behind after Ctrl-C. Free ports.
import { expect, it } from "vitest";
import { dataOf, gql, login } from "../support/client.ts";
import { freePort, isListening } from "../support/ports.ts";
import { processesWithEnv, runStartCommand, SERVICE_PORTS } from "../support/start-command.ts";

it("uses the configured PostgreSQL and Redis, one process per service, and stops everything on SIGINT", async () => {
  const ports = Object.fromEntries(await Promise.all(SERVICE_PORTS.map(async (name) => [name, String(await freePort())])));
  const marker = `start-command-${process.pid}-${Date.now()}`;
  const run = await runStartCommand({
    ...process.env,
    ...ports,
    POSTGRES_URL: process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432",
    REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    LOG_LEVEL: "warn",
    START_COMMAND_TEST_MARKER: marker,
  });
  const gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}/graphql`;
  expect(run.output()).toContain(gatewayUrl);
  expect(run.output()).toContain("external PostgreSQL");
  expect(run.output()).toContain("multi-process mode");
  expect(run.output()).not.toContain("embedded PostgreSQL");
  expect(run.output()).toContain("customer@shop.local / customer-password");
  // Each service is its own process and reads events from Redis.
  expect(await (await fetch(`http://localhost:${ports.ORDERS_PORT}/readyz`)).json()).toEqual({ status: "ok", checks: { database: "ok", redis: "ok" } });
  expect(await (await fetch(gatewayUrl.replace("/graphql", "/readyz"))).json()).toEqual({ status: "ok", checks: { redis: "ok" } });
  const services = processesWithEnv(marker).filter(({ command }) => command.endsWith("src/main.ts"));
  expect(services).toHaveLength(5);

  const customer = await login(gatewayUrl, "customer@shop.local", "customer-password");
  const { me } = dataOf(
    await gql(gatewayUrl, `{ me { orders(first: 5) { totalCount edges { node { user { email } items { product { name } } } } } } }`, {}, customer.token),
  );
  expect(me.orders.totalCount).toBeGreaterThanOrEqual(3);
  const order = me.orders.edges[0].node;
  expect(order.user.email).toBe("customer@shop.local");
  expect(order.items[0].product.name).toEqual(expect.any(String));

  expect(await run.interrupt()).toBe(0);
  for (const port of Object.values(ports)) expect(await isListening(Number(port))).toBe(false);
  expect(processesWithEnv(marker)).toEqual([]);
}, 200_000);

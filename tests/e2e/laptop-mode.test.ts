// `npm start` on a laptop with nothing but Node, from a fresh clone (of the committed HEAD:
// commit before running this test) with its dependencies installed: no database or Redis
// settings, so it runs an embedded PostgreSQL (data in a temporary folder here) and every
// service in one process on the in-process event bus. Real child processes, free ports; the
// shared PostgreSQL and Redis of the test machine are not used (no POSTGRES_URL, no REDIS_URL).
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KEY_VARIABLES, type KeyVariable } from "@shop/config";
import { dataOf, gql, login } from "../support/client.ts";
import { freePort, isListening } from "../support/ports.ts";
import { freshClone, processesWithEnv, runStartCommand, SERVICE_PORTS } from "../support/start-command.ts";
import { collect, wsClient } from "../support/subscriptions.ts";

const dataDir = mkdtempSync(join(tmpdir(), "shop-laptop-"));
// Run as root, PostgreSQL runs as the `postgres` user, who must reach the folder.
chmodSync(dataDir, 0o755);
// The clone holds a whole node_modules: removing it takes over a minute on a busy machine.
afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 180_000);
let clone: string;
beforeAll(() => {
  clone = freshClone(dataDir);
}, 360_000);

// Nor the test run's keys: laptop mode makes its own.
const withoutServers = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name !== "POSTGRES_URL" && name !== "REDIS_URL" && !name.endsWith("_DATABASE_URL") && !KEY_VARIABLES.includes(name as KeyVariable)),
);
/** An address of this machine other than loopback, where laptop mode must not be reachable. */
const outsideAddress = Object.values(networkInterfaces()).flat().find((address) => address?.family === "IPv4" && !address.internal)?.address;

const CUSTOMER = { email: "customer@shop.local", password: "customer-password" };
const ADMIN = { email: "admin@shop.local", password: "admin-password" };

it("runs the whole supergraph on an embedded PostgreSQL and the in-process bus, keeps orders across a restart, and leaves nothing running", async () => {
  const ports = Object.fromEntries(await Promise.all([...SERVICE_PORTS, "EMBEDDED_POSTGRES_PORT"].map(async (name) => [name, String(await freePort())])));
  const env = { ...withoutServers, ...ports, EMBEDDED_POSTGRES_DIR: `${dataDir}/postgres`, LOG_LEVEL: "warn" };
  const gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}/graphql`;

  // First run: a new cluster, migrated and seeded.
  const first = await runStartCommand(env, { cwd: clone });
  expect(first.output()).toContain("initialising a new PostgreSQL cluster");
  expect(first.output()).toContain(`embedded PostgreSQL on 127.0.0.1:${ports.EMBEDDED_POSTGRES_PORT}`);
  expect(first.output()).toContain("in-process bus: single-process mode");
  expect(first.output()).toContain("replicas need Redis");
  expect(first.output()).toContain(gatewayUrl);
  // The storefront, built by the start command, on the gateway's origin.
  const storefrontUrl = gatewayUrl.replace(/graphql$/, "");
  expect(first.output()).toMatch(new RegExp(`Storefront +${storefrontUrl}\n`));
  expect(await (await fetch(storefrontUrl)).text()).toContain('<div id="root"></div>');
  const gatewayMetrics = `http://localhost:${ports.GATEWAY_METRICS_PORT}/metrics`;
  expect(first.output()).toContain(gatewayMetrics);
  expect(await (await fetch(gatewayMetrics)).text()).toMatch(/^graphql_requests_total\{.*service="gateway"\} [1-9]/m);
  expect(first.output()).toContain("customer@shop.local / customer-password");
  // Keys of its own, readable by the owner only; every port on loopback alone.
  expect(statSync(`${clone}/.data/keys.json`).mode & 0o777).toBe(0o600);
  expect(outsideAddress, "a non-loopback address to try").toBeDefined();
  for (const port of Object.values(ports)) expect(await isListening(Number(port), outsideAddress), `port ${port} reachable on ${outsideAddress}`).toBe(false);
  expect(await (await fetch(gatewayUrl.replace("/graphql", "/readyz"))).json()).toEqual({ status: "ok", checks: { "in-process": "ok" } });
  expect(await (await fetch(`http://localhost:${ports.ORDERS_PORT}/readyz`)).json()).toEqual({ status: "ok", checks: { database: "ok", "in-process": "ok" } });
  // One process for every service (besides the start command and the database).
  const commands = processesWithEnv(dataDir).map(({ command }) => command);
  expect(commands.filter((command) => command.endsWith("scripts/single-process.ts"))).toHaveLength(1);
  expect(commands.filter((command) => command.endsWith("src/main.ts"))).toEqual([]);

  const { products } = dataOf(await gql(gatewayUrl, `{ products(first: 2) { edges { node { id name priceCents } } } }`));
  expect(products.edges).toHaveLength(2);
  const customer = await login(gatewayUrl, CUSTOMER.email, CUSTOMER.password);
  const admin = await login(gatewayUrl, ADMIN.email, ADMIN.password);
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;
  const placed = dataOf(await gql(gatewayUrl, place, { input: { items: [{ productId: products.edges[0].node.id, quantity: 1 }] } }, customer.token)).placeOrder;
  expect(placed.status).toBe("PENDING");

  // A status change reaches the customer's graphql-ws subscription through the gateway, over
  // the in-process bus. The subscription has no "listening" signal a client can see, so the
  // order moves on until an event arrives; every move after that must arrive too, in order.
  const client = wsClient(gatewayUrl, customer.token);
  const subscription = collect(client, `subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status user { email } } }`, { id: placed.id });
  const received = () => subscription.results.map((result) => dataOf(result).orderStatusChanged).filter((order) => order.status !== "PENDING");
  const moves: string[] = [];
  for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) {
    const moved = await gql(gatewayUrl, `mutation M($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { status } }`, { id: placed.id, status }, admin.token);
    expect(dataOf(moved).updateOrderStatus.status).toBe(status);
    moves.push(status);
    const arrived = await expect.poll(() => received().length, { timeout: 5_000, interval: 50 }).toBeGreaterThan(0).then(() => true, () => false);
    if (arrived) break;
  }
  await expect.poll(() => received().at(-1)?.status, { timeout: 10_000, interval: 50 }).toBe(moves.at(-1));
  expect(received().map((order) => order.status)).toEqual(moves.slice(moves.length - received().length));
  expect(received()[0]).toMatchObject({ id: placed.id, user: { email: CUSTOMER.email } });
  await client.dispose();

  expect(await first.interrupt()).toBe(0);
  for (const port of Object.values(ports)) expect(await isListening(Number(port)), `port ${port} still open`).toBe(false);
  expect(processesWithEnv(dataDir)).toEqual([]);

  // Second run on the same folder: the cluster is reused, the order is still there, and a token of the first run still works.
  const second = await runStartCommand(env, { cwd: clone });
  expect(second.output()).not.toContain("initialising a new PostgreSQL cluster");
  expect(dataOf(await gql(gatewayUrl, `{ me { email } }`, {}, customer.token)).me.email).toBe(CUSTOMER.email);
  const again = await login(gatewayUrl, CUSTOMER.email, CUSTOMER.password);
  const { me } = dataOf(await gql(gatewayUrl, `{ me { orders(first: 50) { edges { node { id status } } } } }`, {}, again.token));
  expect(me.orders.edges.map((edge: { node: { id: string; status: string } }) => edge.node)).toContainEqual({ id: placed.id, status: moves.at(-1) });
  expect(await second.interrupt()).toBe(0);
  for (const port of Object.values(ports)) expect(await isListening(Number(port)), `port ${port} still open`).toBe(false);
  expect(processesWithEnv(dataDir)).toEqual([]);

  console.log(`npm start to "Supergraph ready": first run ${first.secondsToReady.toFixed(1)} s, restart ${second.secondsToReady.toFixed(1)} s`);
}, 400_000);

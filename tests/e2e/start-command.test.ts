// `npm start`'s last step (scripts/start.ts) as a newcomer runs it: seeds, starts every
// service as its own process, answers a cross-subgraph query, and leaves nothing behind
// after Ctrl-C. Runs on free ports against the test databases.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { dataOf, gql, login } from "../support/client.ts";
import { freePort, isListening } from "../support/ports.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("starts the whole supergraph, serves a cross-subgraph query and stops everything on SIGINT", async () => {
  const ports = { GATEWAY_PORT: await freePort(), USERS_PORT: await freePort(), PRODUCTS_PORT: await freePort(), ORDERS_PORT: await freePort(), NOTIFICATIONS_PORT: await freePort() };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)])), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  while (!output.includes("Supergraph ready") && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(output).toContain("Supergraph ready");
  const gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}/graphql`;
  expect(output).toContain(gatewayUrl);
  expect(output).toContain("customer@shop.local / customer-password");

  const customer = await login(gatewayUrl, "customer@shop.local", "customer-password");
  const { me } = dataOf(
    await gql(gatewayUrl, `{ me { orders(first: 5) { totalCount edges { node { user { email } items { product { name } } } } } } }`, {}, customer.token),
  );
  expect(me.orders.totalCount).toBeGreaterThanOrEqual(3);
  const order = me.orders.edges[0].node;
  expect(order.user.email).toBe("customer@shop.local");
  expect(order.items[0].product.name).toEqual(expect.any(String));

  child.kill("SIGINT");
  expect(await exited).toBe(0);
  for (const port of Object.values(ports)) expect(await isListening(port)).toBe(false);
}, 90_000);

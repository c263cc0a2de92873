import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startOrdersSubgraph } from "@shop/orders-subgraph";
import { loadOrdersConfig } from "@shop/orders-subgraph/config";
import { codesOf, dataOf, gql, login, registerCustomer, subgraphGql, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { PRODUCTS_BREAKER_RESET_MS: "500" } });
});
afterAll(() => stack?.stop());

it("answers SERVICE_UNAVAILABLE without internals when the products service does not answer in time", async () => {
  // A products service that accepts connections and never replies: the worst kind of down.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const orders = (
    await startOrdersSubgraph(
      loadOrdersConfig({
        ...process.env,
        ORDERS_PORT: "0",
        HOST: "127.0.0.1",
        PRODUCTS_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`,
        PRODUCTS_TIMEOUT_MS: "300",
      }),
    )
  ).service;
  try {
    const customer = await registerCustomer(stack.gatewayUrl);
    const started = Date.now();
    const result = await subgraphGql(
      orders.url,
      `mutation { placeOrder(input: { items: [{ productId: "00000000-0000-4000-8000-000000000000", quantity: 1 }] }) { id } }`,
      {},
      customer.token,
    );
    expect(codesOf(result)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|timeout|products/i);
  } finally {
    await orders.stop();
    sockets.forEach((socket) => socket.destroy());
    silent.close();
  }
});

it("fails fast while products is down, recovers on its own, and still gives back the stock of an order cancelled meanwhile", async () => {
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const customer = await registerCustomer(url);
  const input = { sku: unique("DOWN").toUpperCase(), name: "Soon unreachable", priceCents: 700, currency: "EUR", stock: 3 };
  const product = dataOf(await gql(url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token)).createProduct;
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  const order = dataOf(await gql(url, place, { input: { items: [{ productId: product.id, quantity: 2 }] } }, customer.token)).placeOrder;
  const stock = async () => dataOf(await gql(url, `{ product(id: "${product.id}") { stock } }`)).product.stock as number;
  expect(await stock()).toBe(1);

  await stack.stopService("products");

  for (let attempt = 0; attempt < 5; attempt++) {
    const started = Date.now();
    const refused = await gql(url, place, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token);
    expect(codesOf(refused)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(Date.now() - started).toBeLessThan(1000);
  }
  const browse = await gql(url, `{ products(first: 1) { totalCount } }`);
  expect(codesOf(browse)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(JSON.stringify(browse)).not.toMatch(/ECONNREFUSED|serviceName|127\.0\.0\.1/);

  // Cancelling needs only the orders service; the stock follows through the order's event.
  const cancelled = dataOf(await gql(url, `mutation { cancelOrder(id: "${order.id}") { status } }`, {}, customer.token));
  expect(cancelled.cancelOrder.status).toBe("CANCELLED");

  await stack.startService("products");
  await expect.poll(stock, { timeout: 10_000, interval: 100 }).toBe(3);

  // The breaker lets a trial call through after PRODUCTS_BREAKER_RESET_MS: no restart of orders.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const placed = await gql(url, place, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token);
  expect(placed.errors).toBeUndefined();
  expect(await stock()).toBe(2);
});

import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startOrdersSubgraph } from "@shop/orders-subgraph";
import { loadOrdersConfig } from "@shop/orders-subgraph/config";
import { codesOf, dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
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
    const result = await gql(
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

it("keeps orders and stock intact when products goes down, and the gateway reports it as SERVICE_UNAVAILABLE", async () => {
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const customer = await registerCustomer(url);
  const input = { sku: unique("DOWN").toUpperCase(), name: "Soon unreachable", priceCents: 700, currency: "EUR", stock: 3 };
  const product = dataOf(await gql(url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token)).createProduct;
  const order = dataOf(
    await gql(url, `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, { input: { items: [{ productId: product.id, quantity: 2 }] } }, customer.token),
  ).placeOrder;

  await stack.services.products.stop();

  const place = await gql(url, `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token);
  expect(codesOf(place)).toEqual(["SERVICE_UNAVAILABLE"]);
  const cancel = await gql(url, `mutation { cancelOrder(id: "${order.id}") { status } }`, {}, customer.token);
  expect(codesOf(cancel)).toEqual(["SERVICE_UNAVAILABLE"]);
  const browse = await gql(url, `{ products(first: 1) { totalCount } }`);
  expect(codesOf(browse)).toEqual(["SERVICE_UNAVAILABLE"]);
  expect(JSON.stringify(browse)).not.toMatch(/ECONNREFUSED|serviceName|127\.0\.0\.1/);

  // The order is untouched: still PENDING, with only its creation in the history.
  const read = dataOf(await gql(url, `{ order(id: "${order.id}") { status history { status } } }`, {}, customer.token));
  expect(read.order).toEqual({ status: "PENDING", history: [{ status: "PENDING" }] });
});

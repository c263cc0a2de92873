import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dataOf, gql, login, subgraphGql, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { runTokens } from "../support/tokens.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { RESERVATION_TTL_MS: "2000", RECONCILE_INTERVAL_MS: "200" } });
});
afterAll(() => stack?.stop());

it("releases stock reserved for an order that never got written, and keeps the stock of real orders", async () => {
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const input = { sku: unique("ORPHAN").toUpperCase(), name: "Orphaned", priceCents: 100, currency: "EUR", stock: 5 };
  const product = dataOf(await gql(url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token)).createProduct;
  const stock = async () => dataOf(await gql(url, `{ product(id: "${product.id}") { stock } }`)).product.stock as number;

  // A real order takes 1 unit.
  const customer = await registerCustomer(url);
  dataOf(await gql(url, `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token));

  // The orders service reserved 2 units for an order, then crashed before writing it.
  const reserve = `mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { status } }`;
  const orphan = { orderId: randomUUID(), items: [{ productId: product.id, quantity: 2 }] };
  const reserved = await subgraphGql(stack.services.products.url, reserve, { input: orphan }, await runTokens.signService("orders"));
  expect(dataOf(reserved).reserveStock.status).toBe("RESERVED");
  expect(await stock()).toBe(2);

  await expect.poll(stock, { timeout: 10_000, interval: 100 }).toBe(4);
  // Well past the TTL: the real order's unit stays taken.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(await stock()).toBe(4);
});

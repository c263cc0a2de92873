import { afterAll, beforeAll, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

it("sells exactly the stock there is when 20 customers order at once", async () => {
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const input = { sku: unique("LAST").toUpperCase(), name: "Last five", priceCents: 500, currency: "EUR", stock: 5 };
  const { createProduct } = dataOf(await gql(url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token));
  const customers = await Promise.all(Array.from({ length: 20 }, () => registerCustomer(url)));

  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id items { quantity } } }`;
  const results = await Promise.all(
    customers.map((customer) => gql(url, place, { input: { items: [{ productId: createProduct.id, quantity: 1 }] } }, customer.token)),
  );

  const sold = results.filter((result) => result.data?.placeOrder);
  const refused = results.filter((result) => result.errors);
  expect(refused.map(codesOf).flat().filter((code) => code !== "OUT_OF_STOCK"), JSON.stringify(refused.map((r) => r.errors))).toEqual([]);
  expect(sold).toHaveLength(5);
  expect(refused.map(codesOf)).toEqual(Array.from({ length: 15 }, () => ["OUT_OF_STOCK"]));
  const { product } = dataOf(await gql(url, `{ product(id: "${createProduct.id}") { stock } }`));
  expect(product.stock).toBe(0);
});

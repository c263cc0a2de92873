import { afterAll, beforeAll, expect, it } from "vitest";
import { dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

let stack: Stack;
const productQueries: string[] = [];
let counting = false;

beforeAll(async () => {
  stack = await startStack({ onProductsQuery: (sql) => counting && productQueries.push(sql) });
});
afterAll(() => stack?.stop());

it("loads the products of 20 orders (50 products) with one SQL query", async () => {
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const customer = await registerCustomer(url);
  const create = `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
  const productIds: string[] = [];
  for (let i = 0; i < 50; i++) {
    const input = { sku: unique("BATCH").toUpperCase(), name: `Batch ${i}`, priceCents: 100 + i, currency: "EUR", stock: 100 };
    productIds.push(dataOf(await gql(url, create, { input }, admin.token)).createProduct.id);
  }
  // 20 orders whose lines together touch every one of the 50 products, several of them twice.
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  for (let order = 0; order < 20; order++) {
    const items = [0, 1, 2].map((k) => ({ productId: productIds[(order * 3 + k) % 50]!, quantity: 1 }));
    dataOf(await gql(url, place, { input: { items } }, customer.token));
  }

  counting = true;
  const result = await gql(
    url,
    `{ me { orders(first: 20) { totalCount edges { node { items { quantity product { id name priceCents } } } } } } }`,
    {},
    customer.token,
  );
  counting = false;

  const orders = dataOf(result).me.orders;
  expect(orders.totalCount).toBe(20);
  const seen = new Set(orders.edges.flatMap((edge: any) => edge.node.items.map((item: any) => item.product.id)));
  expect(seen.size).toBe(50);
  expect(productQueries.filter((sql) => /FROM "public"\."products"/.test(sql))).toHaveLength(1);
});

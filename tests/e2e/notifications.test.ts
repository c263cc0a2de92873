import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, subgraphGql, registerCustomer, unique } from "../support/client.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { runTokens } from "../support/tokens.ts";

let stack: Stack;
let url: string;

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateNotificationInput!) {
    createNotification(input: $input) { id }
  }
`;
const FEED = /* GraphQL */ `
  query Feed($unreadOnly: Boolean) {
    me { notifications(first: 10, unreadOnly: $unreadOnly) { totalCount edges { node { id channel subject body read createdAt order { id status } } } } }
  }
`;

/** Another service of ours creating a notification, straight at the notifications subgraph. */
async function createNotification(input: Record<string, unknown>) {
  const serviceToken = await runTokens.signService("orders");
  return dataOf(await subgraphGql<{ createNotification: { id: string } }>(stack.services.notifications.url, CREATE, { input }, serviceToken)).createNotification.id;
}

beforeAll(async () => {
  stack = await startStack();
  url = stack.gatewayUrl;
});
afterAll(() => stack?.stop());

describe("notifications", () => {
  it("shows a user their own feed, with the order resolved by the orders subgraph, and marks items read", async () => {
    const customer = await registerCustomer(url);
    const admin = await login(url, ADMIN.email, ADMIN.password);
    const input = { sku: unique("N").toUpperCase(), name: "Notified", priceCents: 100, currency: "EUR", stock: 5 };
    const product = dataOf(await gql(url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token)).createProduct;
    const order = dataOf(
      await gql(url, `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token),
    ).placeOrder;

    const first = await createNotification({ userId: customer.id, channel: "IN_APP", subject: "Order received", body: "Thanks!", orderId: order.id });
    const second = await createNotification({ userId: customer.id, channel: "EMAIL", subject: "Welcome", body: "Hello" });

    // The placed order's own notifications arrive through the events pipeline at any moment: only the two above are compared.
    const ours = (edges: any[]) => edges.map((edge) => edge.node).filter((node) => [first, second].includes(node.id));
    const feed = dataOf(await gql(url, FEED, {}, customer.token)).me.notifications;
    expect(feed.totalCount).toBeGreaterThanOrEqual(2);
    expect(ours(feed.edges)).toEqual([
      expect.objectContaining({ id: second, channel: "EMAIL", subject: "Welcome", read: false, order: null }),
      expect.objectContaining({ id: first, channel: "IN_APP", subject: "Order received", read: false, order: { id: order.id, status: "PENDING" } }),
    ]);

    const mark = `mutation M($id: ID!) { markNotificationRead(id: $id) { id read } }`;
    expect(dataOf(await gql(url, mark, { id: first }, customer.token)).markNotificationRead).toEqual({ id: first, read: true });
    expect(dataOf(await gql(url, mark, { id: first }, customer.token)).markNotificationRead.read).toBe(true);
    const unread = dataOf(await gql(url, FEED, { unreadOnly: true }, customer.token)).me.notifications;
    expect(ours(unread.edges).map((node) => node.id)).toEqual([second]);
  });

  it("keeps each feed to its owner", async () => {
    const owner = await registerCustomer(url);
    const stranger = await registerCustomer(url);
    const id = await createNotification({ userId: owner.id, channel: "SMS", subject: "Private", body: "For the owner" });
    const mark = `mutation M($id: ID!) { markNotificationRead(id: $id) { id } }`;
    expect(codesOf(await gql(url, mark, { id }, stranger.token))).toEqual(["NOT_FOUND"]);
    expect(codesOf(await gql(url, mark, { id }))).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(await gql(url, mark, { id: "nope" }, owner.token))).toEqual(["NOT_FOUND"]);
    expect(dataOf(await gql(url, FEED, {}, stranger.token)).me.notifications.totalCount).toBe(0);
  });

  it("refuses the internal create to clients and to user tokens", async () => {
    const customer = await registerCustomer(url);
    const input = { userId: customer.id, channel: "IN_APP", subject: "x", body: "y" };
    // Through the gateway the internal mutation and its input type do not exist at all.
    expect(new Set(codesOf(await gql(url, CREATE, { input }, customer.token)))).toEqual(new Set(["BAD_USER_INPUT"]));
    expect(codesOf(await subgraphGql(stack.services.notifications.url, CREATE, { input }, customer.token))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await subgraphGql(stack.services.notifications.url, CREATE, { input }))).toEqual(["UNAUTHENTICATED"]);
    // Only the services the field names: products has no business here.
    expect(codesOf(await subgraphGql(stack.services.notifications.url, CREATE, { input }, await runTokens.signService("products")))).toEqual(["FORBIDDEN"]);
    const serviceToken = await runTokens.signService("orders");
    expect(codesOf(await subgraphGql(stack.services.notifications.url, CREATE, { input: { ...input, userId: "x" } }, serviceToken))).toEqual(["BAD_USER_INPUT"]);
  });
});

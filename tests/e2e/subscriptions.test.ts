// Live order tracking and the notification feed through the gateway's subscription layer,
// with real graphql-ws and multipart HTTP clients, real Redis and two gateway replicas.
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { Redis } from "ioredis";
import { eventNames } from "@shop/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { channelListeners, collect, multipartSubscribe, wsClient } from "../support/subscriptions.ts";

let stack: Stack;
let replicaB: Awaited<ReturnType<typeof startGateway>>["service"];
let adminToken: string;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

beforeAll(async () => {
  stack = await startStack();
  replicaB = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(await freePort()) }))).service;
  adminToken = (await login(stack.gatewayUrl, ADMIN.email, ADMIN.password)).token;
});

afterAll(async () => {
  await replicaB?.stop();
  await stack?.stop();
});

const names = () => eventNames(stack.env.EVENTS_NAMESPACE);

const TRACK = /* GraphQL */ `
  subscription Track($orderId: ID!, $withUser: Boolean!) {
    live: orderStatusChanged(orderId: $orderId) {
      state: status
      ...Lines
      history { status at }
      user @include(if: $withUser) { email }
    }
  }
  fragment Lines on Order { items { quantity product { name priceCents } } }
`;

async function placeOrder(token: string) {
  const input = { sku: unique("SUB").toUpperCase(), name: "Live widget", priceCents: 990, currency: "EUR", stock: 10 };
  const product = dataOf(await gql(stack.gatewayUrl, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, adminToken)).createProduct;
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  const orderId = dataOf(await gql(stack.gatewayUrl, place, { input: { items: [{ productId: product.id, quantity: 2 }] } }, token)).placeOrder.id as string;
  // The relay announces the creation a moment later: wait for it, so that a subscription opened
  // next does not receive it as if it were one of the changes the test makes.
  const redis = new Redis(redisUrl);
  try {
    const published = async () =>
      (await redis.xrevrange(names().orderEventsStream, "+", "-", "COUNT", 200)).some(([, fields]) => fields.join(" ").includes(orderId));
    await expect.poll(published, { timeout: 10_000, interval: 50 }).toBe(true);
  } finally {
    redis.disconnect();
  }
  return orderId;
}

async function move(gatewayUrl: string, orderId: string, status: string) {
  const result = await gql(gatewayUrl, `mutation M($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { status } }`, { id: orderId, status }, adminToken);
  expect(dataOf(result).updateOrderStatus.status).toBe(status);
}

const live = (channel: string, count = 1) => expect.poll(() => channelListeners(redisUrl, channel), { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(count);

describe("orderStatusChanged", () => {
  it("delivers CONFIRMED, SHIPPED, DELIVERED in order, each as it was, with fields from three subgraphs", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const client = wsClient(stack.gatewayUrl, customer.token);
    const subscription = collect(client, TRACK, { orderId, withUser: true });
    await live(names().orderChannel(orderId));
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) await move(stack.gatewayUrl, orderId, status);

    await expect.poll(() => subscription.results.length, { timeout: 10_000, interval: 50 }).toBe(3);
    const payloads = subscription.results.map((result) => dataOf(result).live);
    expect(payloads.map((order) => order.state)).toEqual(["CONFIRMED", "SHIPPED", "DELIVERED"]);
    expect(payloads.map((order) => order.history.map((entry: { status: string }) => entry.status))).toEqual([
      ["PENDING", "CONFIRMED"],
      ["PENDING", "CONFIRMED", "SHIPPED"],
      ["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"],
    ]);
    expect(payloads[0].user).toEqual({ email: customer.email });
    expect(payloads[0].items).toEqual([{ quantity: 2, product: { name: "Live widget", priceCents: 990 } }]);
    subscription.unsubscribe();
    await client.dispose();
    await expect.poll(() => channelListeners(redisUrl, names().orderChannel(orderId)), { timeout: 5_000, interval: 50 }).toBe(0);
  });

  it("delivers the same over Apollo's multipart HTTP protocol", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const stream = await multipartSubscribe(stack.gatewayUrl, TRACK, { orderId, withUser: false }, customer.token);
    expect(stream.response.headers.get("content-type")).toMatch(/^multipart\/mixed/);
    await live(names().orderChannel(orderId));
    for (const status of ["CONFIRMED", "SHIPPED", "DELIVERED"]) await move(stack.gatewayUrl, orderId, status);
    await expect.poll(() => stream.payloads.length, { timeout: 10_000, interval: 50 }).toBe(3);
    expect(stream.payloads.map((payload) => dataOf(payload).live.state)).toEqual(["CONFIRMED", "SHIPPED", "DELIVERED"]);
    expect(dataOf(stream.payloads[2]!).live.items[0].product.name).toBe("Live widget");
    stream.close();
    await stream.reading;
  });

  it("delivers on one gateway replica what a mutation sent through another caused", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const client = wsClient(replicaB.url, customer.token);
    const subscription = collect(client, `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status user { email } } }`, { id: orderId });
    await live(names().orderChannel(orderId));
    await move(stack.gatewayUrl, orderId, "CONFIRMED");
    await expect.poll(() => subscription.results.length, { timeout: 10_000, interval: 50 }).toBe(1);
    expect(dataOf(subscription.results[0]!).orderStatusChanged).toEqual({ status: "CONFIRMED", user: { email: customer.email } });
    await client.dispose();
  });

  it("refuses another customer with FORBIDDEN and an anonymous subscriber with UNAUTHENTICATED", async () => {
    const owner = await registerCustomer(stack.gatewayUrl);
    const other = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(owner.token);
    const query = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }`;
    for (const [token, code] of [[other.token, "FORBIDDEN"], [undefined, "UNAUTHENTICATED"]] as const) {
      const client = wsClient(stack.gatewayUrl, token);
      const subscription = collect(client, query, { id: orderId });
      const failure = await subscription.done;
      const errors: { extensions?: { code?: string } }[] = [...subscription.results.flatMap((result) => result.errors ?? []), ...((failure as { extensions?: { code?: string } }[] | undefined) ?? [])];
      expect(errors.map((error) => error.extensions?.code)).toEqual([code]);
      await client.dispose();
    }
    const anonymous = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: 'multipart/mixed;subscriptionSpec="1.0"' },
      body: JSON.stringify({ query, variables: { id: orderId } }),
    });
    expect(codesOf((await anonymous.json()) as never)).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses queries on the WebSocket: they go over HTTP", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const client = wsClient(stack.gatewayUrl, customer.token);
    const subscription = collect(client, `{ me { id } }`);
    const failure = (await subscription.done) as { extensions?: { code?: string } }[];
    expect(failure.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    await client.dispose();
  });
});

describe("notificationAdded", () => {
  it("delivers the subscriber's new notifications and nobody else's", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const neighbour = await registerCustomer(stack.gatewayUrl);
    const client = wsClient(stack.gatewayUrl, customer.token);
    const subscription = collect(client, `subscription { notificationAdded { id channel subject order { id } } }`);
    await live(names().userChannel(customer.id));
    await placeOrder(neighbour.token);
    const orderId = await placeOrder(customer.token);
    await expect.poll(() => subscription.results.length, { timeout: 15_000, interval: 50 }).toBe(1);
    const notification = dataOf(subscription.results[0]!).notificationAdded;
    expect(notification).toMatchObject({ channel: "IN_APP", subject: expect.stringMatching(/received/i), order: { id: orderId } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(subscription.results).toHaveLength(1);
    await client.dispose();
  });
});

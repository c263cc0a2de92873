// Subscriptions that resume: a client hands back the `extensions.position` of the last
// payload it received as `after`, and gets every event it missed, once and in order, then the
// live ones. Across a restart of the subscriber's gateway replica (the events happen through
// another replica meanwhile) and across a restart of Redis (a server of the test's own, which
// comes back empty), on both transports; the replay is authorized as live payloads are.
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { eventNames } from "@shop/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, registerCustomer, subgraphGql, unique, type GraphQLResult } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { startRedisServer } from "../support/redis-server.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { channelListeners, collect, multipartSubscribe, wsClient } from "../support/subscriptions.ts";

const TRACK = `subscription Track($orderId: ID!, $after: String) {
  orderStatusChanged(orderId: $orderId, after: $after) { status history { status } }
}`;
const NOTIFY = `subscription Feed($after: String) { notificationAdded(after: $after) { channel order { id } } }`;

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let stack: Stack;
/** A second gateway replica: where mutations go while the subscriber's replica (the stack's) is down. */
let replica: Awaited<ReturnType<typeof startGateway>>["service"];
let adminToken: string;
let productId: string;

beforeAll(async () => {
  redis = await startRedisServer();
  stack = await startStack({ env: { REDIS_URL: redis.url } });
  replica = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(await freePort()) }))).service;
  adminToken = (await login(replica.url, ADMIN.email, ADMIN.password)).token;
  const input = { sku: unique("RESUME").toUpperCase(), name: "Resumable widget", priceCents: 450, currency: "EUR", stock: 1000 };
  productId = dataOf(await gql(replica.url, `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, adminToken)).createProduct.id;
}, 60_000);

afterAll(async () => {
  await replica?.stop();
  await stack?.stop();
  await redis?.stop();
});

const names = () => eventNames(stack.env.EVENTS_NAMESPACE);
const live = (channel: string) => expect.poll(() => channelListeners(redis.url, channel), { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(1);

async function placeOrder(token: string): Promise<string> {
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  return dataOf(await gql(replica.url, place, { input: { items: [{ productId, quantity: 1 }] } }, token)).placeOrder.id;
}

async function move(orderId: string, status: string) {
  const result = await gql(replica.url, `mutation M($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { status } }`, { id: orderId, status }, adminToken);
  expect(dataOf(result).updateOrderStatus.status).toBe(status);
}

/** What each payload says: the order's status, how long its history was then, and the event's position. */
const seen = (payloads: GraphQLResult[]) =>
  payloads.map((payload) => {
    const order = dataOf(payload).orderStatusChanged;
    return { status: order.status as string, history: (order.history as unknown[]).length, position: payload.extensions?.position as string };
  });

/** Positions are decimal strings, increasing, and all after `after`. */
function expectIncreasingAfter(after: string, positions: string[]) {
  const numbers = [after, ...positions].map(BigInt);
  for (let i = 1; i < numbers.length; i++) expect(numbers[i]! > numbers[i - 1]!, `${numbers[i]} after ${numbers[i - 1]}`).toBe(true);
}

/**
 * The two moves made while the subscriber was away, then the live one: each once, in order, as
 * the order was at its event (not as it is now), positions rising after `after`.
 */
function expectMissedThenLive(events: ReturnType<typeof seen>, after: string) {
  expect(events.map(({ status, history }) => ({ status, history }))).toEqual([
    { status: "CONFIRMED", history: 2 },
    { status: "SHIPPED", history: 3 },
    { status: "DELIVERED", history: 4 },
  ]);
  expectIncreasingAfter(after, events.map((event) => event.position));
}

/** Long enough for a duplicate or a stray event to arrive, if there were one. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 750));

describe("orderStatusChanged resumed with after", () => {
  it("delivers every event missed while the subscriber's gateway replica restarted, once and in order, then live ones (graphql-ws)", async () => {
    const customer = await registerCustomer(replica.url);
    const orderId = await placeOrder(customer.token);

    // From the beginning ("0"): the order's creation is replayed, with its position.
    const before = wsClient(stack.gatewayUrl, customer.token);
    const first = collect(before, TRACK, { orderId, after: "0" });
    await expect.poll(() => first.results.length, { timeout: 15_000, interval: 50 }).toBe(1);
    const [placed] = seen(first.results);
    expect(placed).toMatchObject({ status: "PENDING", history: 1 });
    expectIncreasingAfter("0", [placed!.position]);

    await stack.stopService("gateway");
    await first.done;
    await move(orderId, "CONFIRMED");
    await move(orderId, "SHIPPED");
    await stack.startService("gateway");

    const after = wsClient(stack.gatewayUrl, customer.token);
    const resumed = collect(after, TRACK, { orderId, after: placed!.position });
    await expect.poll(() => resumed.results.length, { timeout: 15_000, interval: 50 }).toBe(2);
    await live(names().orderChannel(orderId));
    await move(orderId, "DELIVERED");
    await expect.poll(() => resumed.results.length, { timeout: 15_000, interval: 50 }).toBe(3);
    await settle();

    expectMissedThenLive(seen(resumed.results), placed!.position);
    resumed.unsubscribe();
    await Promise.all([before.dispose(), after.dispose()]);
  });

  it("refuses someone else's order, an unknown order and a malformed position as it refuses a live subscription, replaying nothing", async () => {
    const customer = await registerCustomer(replica.url);
    const other = await registerCustomer(replica.url);
    const orderId = await placeOrder(customer.token);
    const outcome = async (variables: Record<string, unknown>, token: string) => {
      const client = wsClient(stack.gatewayUrl, token);
      const subscription = collect(client, TRACK, variables);
      // graphql-ws refuses with an error message, or (after subscribing) one result with errors, then complete.
      const ended = (await subscription.done) as GraphQLResult["errors"];
      await client.dispose();
      const multipart = await multipartSubscribe(stack.gatewayUrl, TRACK, variables, token);
      multipart.close();
      const errors = ended ?? subscription.results.flatMap((result) => result.errors ?? []);
      return {
        websocket: { delivered: subscription.results.filter((result) => result.data).length, codes: errors.map((error) => error.extensions?.code) },
        multipart: { delivered: multipart.payloads.length, codes: multipart.refusal?.errors?.map((error) => error.extensions?.code) },
      };
    };
    const refused = (code: string) => ({ websocket: { delivered: 0, codes: [code] }, multipart: { delivered: 0, codes: [code] } });
    expect(await outcome({ orderId, after: "0" }, other.token)).toEqual(refused("FORBIDDEN"));
    expect(await outcome({ orderId: crypto.randomUUID(), after: "0" }, customer.token)).toEqual(refused("NOT_FOUND"));
    expect(await outcome({ orderId, after: "the last one" }, customer.token)).toEqual(refused("BAD_USER_INPUT"));
  });
});

describe("the internal replay fields, asked of the subgraphs as the gateway asks them", () => {
  it("give an order's events after a position to its owner or an ADMIN only, and a user's own feed since a position", async () => {
    const customer = await registerCustomer(replica.url);
    const other = await registerCustomer(replica.url);
    const orderId = await placeOrder(customer.token);
    await move(orderId, "CONFIRMED");
    const EVENTS = `query E($id: ID!, $after: String!) { orderEventsAfter(orderId: $id, after: $after) { position status } }`;
    const orders = stack.services.orders.url;
    const all = dataOf(await subgraphGql(orders, EVENTS, { id: orderId, after: "0" }, customer.token)).orderEventsAfter;
    expect(all.map((event: { status: string }) => event.status)).toEqual(["PENDING", "CONFIRMED"]);
    expect(dataOf(await subgraphGql(orders, EVENTS, { id: orderId, after: all[0].position }, adminToken)).orderEventsAfter).toEqual([all[1]]);
    expect(codesOf(await subgraphGql(orders, EVENTS, { id: orderId, after: "0" }, other.token))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await subgraphGql(orders, EVENTS, { id: orderId, after: "0" }))).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(await subgraphGql(orders, EVENTS, { id: orderId, after: "-1" }, customer.token))).toEqual(["BAD_USER_INPUT"]);
    expect(dataOf(await subgraphGql(orders, EVENTS, { id: crypto.randomUUID(), after: "0" }, customer.token)).orderEventsAfter).toBeNull();

    const FEED = `query F($after: String!) { notificationsAfter(after: $after) { id position } }`;
    const notifications = stack.services.notifications.url;
    const feed = async (token: string) => {
      const edges = dataOf(await gql(replica.url, `{ me { notifications(first: 10) { edges { cursor node { id channel } } } } }`, {}, token)).me.notifications.edges;
      return edges.filter((edge: any) => edge.node.channel === "IN_APP").reverse();
    };
    await expect.poll(async () => (await feed(customer.token)).length, { timeout: 15_000, interval: 100 }).toBe(2);
    const [oldest, newest] = await feed(customer.token);
    // The position is the feed's cursor; since the oldest, only the newest; nobody else's.
    expect(dataOf(await subgraphGql(notifications, FEED, { after: oldest.cursor }, customer.token)).notificationsAfter).toEqual([{ id: newest.node.id, position: newest.cursor }]);
    expect(dataOf(await subgraphGql(notifications, FEED, { after: oldest.cursor }, other.token)).notificationsAfter).toEqual([]);
    expect(codesOf(await subgraphGql(notifications, FEED, { after: oldest.cursor }))).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(await subgraphGql(notifications, FEED, { after: "not a cursor" }, customer.token))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("notificationAdded resumed with after", () => {
  it("delivers the notifications created while the subscriber was away, oldest first, then live ones, none twice, and only its own", async () => {
    const customer = await registerCustomer(replica.url);
    const other = await registerCustomer(replica.url);
    const first = wsClient(stack.gatewayUrl, customer.token);
    const away = collect(first, NOTIFY, {});
    await live(names().userChannel(customer.id));
    const seenFirst = await placeOrder(customer.token);
    await expect.poll(() => away.results.length, { timeout: 15_000, interval: 50 }).toBe(1);
    expect(dataOf(away.results[0]!).notificationAdded).toEqual({ channel: "IN_APP", order: { id: seenFirst } });
    const position = away.results[0]!.extensions?.position as string;
    expect(typeof position).toBe("string");
    await first.dispose();

    const missed = [await placeOrder(customer.token), await placeOrder(customer.token)];
    const feedHas = async () => {
      const feed = dataOf(await gql(replica.url, `{ me { notifications(first: 10) { edges { node { channel order { id } } } } } }`, {}, customer.token)).me.notifications.edges;
      return missed.every((id) => feed.some((edge: any) => edge.node.channel === "IN_APP" && edge.node.order?.id === id));
    };
    await expect.poll(feedHas, { timeout: 15_000, interval: 100 }).toBe(true);

    const again = wsClient(stack.gatewayUrl, customer.token);
    const resumed = collect(again, NOTIFY, { after: position });
    // Someone else resuming with that position gets none of the customer's notifications.
    const stranger = wsClient(stack.gatewayUrl, other.token);
    const strangers = collect(stranger, NOTIFY, { after: position });
    await expect.poll(() => resumed.results.length, { timeout: 15_000, interval: 50 }).toBe(2);
    await live(names().userChannel(customer.id));
    const liveOne = await placeOrder(customer.token);
    await expect.poll(() => resumed.results.length, { timeout: 15_000, interval: 50 }).toBe(3);
    await settle();

    expect(resumed.results.map((result) => dataOf(result).notificationAdded.order.id)).toEqual([...missed, liveOne]);
    expect(resumed.results.every((result) => typeof result.extensions?.position === "string")).toBe(true);
    expect(strangers.results).toEqual([]);
    await Promise.all([again.dispose(), stranger.dispose()]);
  });
});

// Last: the restarted Redis is empty, which the services' consumer groups have to recover from.
describe("orderStatusChanged resumed across a Redis restart", () => {
  it("delivers every event made while Redis was down, once and in order, then live ones (multipart)", async () => {
    const customer = await registerCustomer(replica.url);
    const orderId = await placeOrder(customer.token);
    const first = await multipartSubscribe(stack.gatewayUrl, TRACK, { orderId, after: "0" }, customer.token);
    await expect.poll(() => first.payloads.length, { timeout: 15_000, interval: 50 }).toBe(1);
    const [placed] = seen(first.payloads);
    expect(placed).toMatchObject({ status: "PENDING", history: 1 });

    await redis.stop();
    // Committed with their outbox rows; the relay holds them until Redis is back.
    await move(orderId, "CONFIRMED");
    await move(orderId, "SHIPPED");
    first.close();
    await first.reading;
    await redis.start();

    const resumed = await multipartSubscribe(stack.gatewayUrl, TRACK, { orderId, after: placed!.position }, customer.token);
    await expect.poll(() => resumed.payloads.length, { timeout: 20_000, interval: 50 }).toBe(2);
    await live(names().orderChannel(orderId));
    await move(orderId, "DELIVERED");
    await expect.poll(() => resumed.payloads.length, { timeout: 20_000, interval: 50 }).toBe(3);
    await settle();

    expectMissedThenLive(seen(resumed.payloads), placed!.position);
    resumed.close();
    await resumed.reading;
  }, 60_000);
});

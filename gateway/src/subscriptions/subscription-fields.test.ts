// The subscription layer from the executor down, on real Redis channels; only the follow-up
// queries (the subgraphs) are answered here, so a test can see who asked what with which token.
import { randomUUID } from "node:crypto";
import { buildSchema, type FormattedExecutionResult } from "graphql";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvelope, createRedisChannels, createSubscriberRedis, eventNames, ORDER_EVENT, serializeEnvelope, type OrderEventData } from "@shop/events";
import { createLogger } from "@shop/logger";
import { createGatewayMetrics, createServiceRegistry } from "@shop/metrics";
import { createSubscriptionExecutor } from "./execute-subscription.ts";
import type { FollowUpRunner } from "./follow-up-query.ts";
import type { RecordedOrderEvent, ReplaySource } from "./replay-source.ts";
import type { Subscriber } from "./subscriber.ts";
import { createSubscriptionFields } from "./subscription-fields.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const names = eventNames(`test-${randomUUID()}`);
const logger = createLogger({ service: "test", level: "silent" });
const schema = buildSchema(`
  type Query { order(id: ID!): Order }
  type Subscription { orderStatusChanged(orderId: ID!, after: String): Order! }
  type Order { id: ID! status: String! history: [Entry!]! user: User! }
  type Entry { status: String! at: String! }
  type User { email: String! }
`);

// The subgraphs' answer: the order as the token's user sees it (the user is the token's first part).
const followUps: string[] = [];
const runFollowUp: FollowUpRunner = async (_query, authorization) => {
  followUps.push(authorization);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const user = authorization.replace(/^Bearer (\w+).*$/, "$1");
  return { id: "o1", status: "PENDING", user: { email: `${user}@shop.local` }, _subscriptionHistoryTimes: [] };
};

// What the orders service recorded for o1: the replay of a subscriber resuming after a position.
const recorded: RecordedOrderEvent[] = [];
const replay: ReplaySource = {
  orderEventsAfter: async (_orderId, after) => recorded.filter((event) => BigInt(event.position) > BigInt(after)),
  notificationsAfter: async () => [],
};

const redis = createSubscriberRedis(redisUrl, logger, "test-subscriptions");
const publisher = new Redis(redisUrl);
const hub = createRedisChannels({ publisher, subscriber: redis, logger });
const executor = createSubscriptionExecutor({ schema: () => schema, fields: createSubscriptionFields({ hub, names, runFollowUp, replay }), logger, metrics: createGatewayMetrics(createServiceRegistry("gateway")) });

afterAll(() => {
  redis.disconnect();
  publisher.disconnect();
});

beforeAll(async () => {
  await redis.ping().catch(() => new Promise((resolve) => redis.once("ready", resolve)));
});

const subscriber = (userId: string, role: string, token: string, expiresAt: Date | null = null): Subscriber => ({ userId, role, authorization: `Bearer ${token}`, expiresAt });

async function track(who: Subscriber, query = `subscription($id: ID!, $after: String) { orderStatusChanged(orderId: $id, after: $after) { status user { email } } }`, after?: string) {
  const prepared = executor.prepare(query);
  if (prepared.kind !== "subscription") throw new Error(`not a subscription: ${prepared.kind}`);
  const outcome = await executor.execute({ document: prepared.document, variables: { id: "o1", ...(after === undefined ? {} : { after }) } }, { subscriber: who });
  if (!(Symbol.asyncIterator in outcome)) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

async function publishStatus(status: OrderEventData["status"], position?: string) {
  const channel = names.orderChannel("o1");
  await expect.poll(async () => ((await publisher.pubsub("NUMSUB", channel)) as [string, number])[1]).toBe(1);
  const data: OrderEventData = { orderId: "o1", userId: "alice", status, previousStatus: "PENDING", reason: null, totalCents: 100, currency: "EUR", changedAt: new Date().toISOString() };
  await publisher.publish(channel, serializeEnvelope(createEnvelope({ type: ORDER_EVENT.STATUS_CHANGED, aggregateId: "o1", schemaVersion: 1, data, ...(position === undefined ? {} : { position }) })));
}

describe("subscription payloads per event", () => {
  it("are fetched and executed once for subscribers with the same access, whatever their tokens, and apart for anyone else", async () => {
    const [tab1, tab2, admin] = await Promise.all([
      track(subscriber("alice", "CUSTOMER", "alice-tab-1")),
      track(subscriber("alice", "CUSTOMER", "alice-tab-2")),
      track(subscriber("admin", "ADMIN", "admin")),
    ]);
    // Each access check ran with the subscriber's own token.
    expect(followUps.sort()).toEqual(["Bearer admin", "Bearer alice-tab-1", "Bearer alice-tab-2"]);
    followUps.length = 0;

    await publishStatus("CONFIRMED");
    const [first, second, admins] = (await Promise.all([tab1.next(), tab2.next(), admin.next()])).map((item) => item.value as FormattedExecutionResult);
    expect(followUps).toHaveLength(2);
    expect(followUps.filter((token) => token.startsWith("Bearer alice"))).toHaveLength(1);
    expect(first).toBe(second);
    expect(first!.data).toEqual({ orderStatusChanged: { status: "CONFIRMED", user: { email: "alice@shop.local" } } });
    expect(admins!.data).toEqual({ orderStatusChanged: { status: "CONFIRMED", user: { email: "admin@shop.local" } } });

    await Promise.all([tab1, tab2, admin].map((iterator) => iterator.return!()));
    expect(hub.channelCount()).toBe(0);
  });

  it("end with UNAUTHENTICATED when the token expires, letting go of the channel", async () => {
    const expiring = await track(subscriber("alice", "CUSTOMER", "alice-expiring", new Date(Date.now() + 300)));
    const last = await expiring.next();
    expect((last.value as FormattedExecutionResult).errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect((await expiring.next()).done).toBe(true);
    expect(hub.channelCount()).toBe(0);
  });
});

describe("a subscription resumed after a position", () => {
  it("delivers the recorded events after it in order, then the live ones it has not delivered, each with its position", async () => {
    const at = new Date().toISOString();
    recorded.push({ position: "7", id: randomUUID(), status: "PENDING", changedAt: at }, { position: "9", id: randomUUID(), status: "CONFIRMED", changedAt: at }, { position: "12", id: randomUUID(), status: "SHIPPED", changedAt: at });
    const resumed = await track(subscriber("alice", "CUSTOMER", "alice-resumed"), undefined, "7");
    const received = async () => {
      const { value } = await resumed.next();
      const result = value as FormattedExecutionResult;
      return [(result.data?.orderStatusChanged as { status: string }).status, result.extensions?.position];
    };
    expect([await received(), await received()]).toEqual([
      ["CONFIRMED", "9"],
      ["SHIPPED", "12"],
    ]);
    // The relay publishing what was replayed (or a batch twice) delivers nothing again.
    await publishStatus("SHIPPED", "12");
    await publishStatus("DELIVERED", "13");
    await publishStatus("DELIVERED", "13");
    await publishStatus("CANCELLED", "14");
    expect([await received(), await received()]).toEqual([
      ["DELIVERED", "13"],
      ["CANCELLED", "14"],
    ]);
    await resumed.return!();
    expect(hub.channelCount()).toBe(0);
  });

  it("shares each live event's follow-up with the same user's subscribers whatever position they resumed after", async () => {
    const [fresh, resumed] = await Promise.all([track(subscriber("carol", "CUSTOMER", "carol-tab-1")), track(subscriber("carol", "CUSTOMER", "carol-tab-2"), undefined, "14")]);
    try {
      followUps.length = 0;
      await publishStatus("CONFIRMED", "15");
      const [first, second] = (await Promise.all([fresh.next(), resumed.next()])).map((item) => item.value as FormattedExecutionResult);
      // One follow-up; executed per operation, and the variables (`after`) differ.
      expect(followUps).toHaveLength(1);
      expect(first).toEqual(second);
      expect(first!.extensions).toEqual({ position: "15" });
    } finally {
      await Promise.all([fresh.return!(), resumed.return!()]);
    }
  });

  it("refuses an after that is no position, with BAD_USER_INPUT", async () => {
    const prepared = executor.prepare(`subscription { orderStatusChanged(orderId: "o1", after: "yesterday") { status } }`);
    if (prepared.kind !== "subscription") throw new Error(prepared.kind);
    const outcome = await executor.execute({ document: prepared.document }, { subscriber: subscriber("alice", "CUSTOMER", "alice-bad-after") });
    expect(Symbol.asyncIterator in outcome).toBe(false);
    expect((outcome as FormattedExecutionResult).errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(hub.channelCount()).toBe(0);
  });
});

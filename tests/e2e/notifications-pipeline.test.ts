// The notifications pipeline against real PostgreSQL, Redis, a real users service and a real
// SMTP server: order events in on the stream, notifications in the database, e-mails out.
// The events are published here the way the orders service publishes them.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { ConsumerGroup, createEnvelope, eventNames, ORDER_EVENT, publishEvents, type EventEnvelope, type OrderEventData } from "@shop/events";
import { startNotificationsSubgraph } from "@shop/notifications-subgraph";
import { loadNotificationsConfig } from "@shop/notifications-subgraph/config";
import { createNotificationsDb } from "@shop/notifications-subgraph/db";
import { codesOf, dataOf, gql, subgraphGql, registerCustomer } from "../support/client.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { listenToChannel } from "../support/subscriptions.ts";
import { startStack, type Stack } from "../support/stack.ts";
import { runTokens } from "../support/tokens.ts";

const RETRY_BASE_MS = 200;
const MAX_ATTEMPTS = 3;

let stack: Stack;
let smtp: SmtpReceiver;
let redis: Redis;
let names: ReturnType<typeof eventNames>;
let db: ReturnType<typeof createNotificationsDb>;
const bouncing = new Set<string>();

beforeAll(async () => {
  smtp = await startSmtpReceiver({ rejects: (address) => bouncing.has(address) });
  stack = await startStack({
    env: {
      SMTP_URL: smtp.url,
      NOTIFICATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      NOTIFICATION_RETRY_BASE_MS: String(RETRY_BASE_MS),
      DELIVERY_POLL_MS: "100",
    },
  });
  names = eventNames(stack.env.EVENTS_NAMESPACE);
  redis = new Redis(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  db = createNotificationsDb(databaseUrlFor("notifications", stack.env));
});

afterAll(async () => {
  await stack?.stop();
  if (redis) {
    await redis.del(names.orderEventsStream, `${names.orderEventsStream}:dead`);
    redis.disconnect();
  }
  await db?.$disconnect();
  await smtp?.stop();
});

function orderEvent(userId: string, status: OrderEventData["status"] = "PENDING", extra: Partial<OrderEventData> = {}): EventEnvelope<OrderEventData> {
  const orderId = randomUUID();
  return createEnvelope({
    type: status === "PENDING" ? ORDER_EVENT.PLACED : ORDER_EVENT.STATUS_CHANGED,
    aggregateId: orderId,
    schemaVersion: 1,
    data: { orderId, userId, status, previousStatus: null, reason: null, totalCents: 1250, currency: "EUR", changedAt: new Date().toISOString(), ...extra },
  });
}

const publish = (...envelopes: EventEnvelope[]) =>
  publishEvents(redis, names.orderEventsStream, envelopes.map((envelope) => ({ envelope, channels: [] })));

/** Reads until `done` holds, or fails with the last value seen. */
async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last seen: ${Array.isArray(value) ? `${value.length} items` : JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const notificationsOf = (eventIds: string[]) => db.notification.findMany({ where: { eventId: { in: eventIds } }, orderBy: { channel: "asc" } });
const pendingInGroup = async () => ((await redis.xpending(names.orderEventsStream, ConsumerGroup.NOTIFICATIONS)) as [number])[0];

const FEED = /* GraphQL */ `{ me { notifications(first: 10) { edges { node { channel subject deliveryStatus } } } } }`;

describe("notifications pipeline", () => {
  it("turns an order event into IN_APP, EMAIL and SMS notifications, sends the e-mail and announces the IN_APP one live", async () => {
    const customer = await registerCustomer(stack.gatewayUrl, { phone: "+14155550123" });
    const announced = await listenToChannel(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379", names.userChannel(customer.id));

    const event = orderEvent(customer.id);
    await publish(event);
    const subject = `Order #${event.data.orderId.replace(/-/g, "").slice(0, 8).toUpperCase()} received`;

    const rows = await eventually(() => notificationsOf([event.id]), (found) => found.length === 3 && found.every((row) => row.deliveryStatus === "SENT"));
    expect(rows.map((row) => [row.channel, row.recipient, row.orderId, row.subject])).toEqual([
      ["EMAIL", customer.email, event.data.orderId, subject],
      ["SMS", "+14155550123", event.data.orderId, subject],
      ["IN_APP", null, event.data.orderId, subject],
    ]);
    const email = rows[0]!;
    expect(email).toMatchObject({ deliveryAttempts: 1, lastError: null, deliveredAt: expect.any(Date) });

    const received = smtp.messages.filter((message) => message.to.includes(customer.email));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ subject, messageId: `<${email.id}@shop.local>` });
    expect(received[0]!.text).toContain("(€12.50)");

    const feed = dataOf(await gql(stack.gatewayUrl, FEED, {}, customer.token)).me.notifications.edges.map((edge: any) => edge.node);
    expect(feed).toHaveLength(3);
    expect(feed.every((node: any) => node.subject === subject && node.deliveryStatus === "SENT")).toBe(true);

    await eventually(() => announced, (messages) => messages.length > 0);
    const inApp = rows[2]!;
    expect(announced[0]).toMatchObject({
      type: "notification.created",
      data: { notificationId: inApp.id, userId: customer.id, channel: "IN_APP", subject, orderId: event.data.orderId },
    });
    announced.stop();
  });

  it("creates nothing new and sends nothing again when the same event is replayed", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const event = orderEvent(customer.id, "SHIPPED");
    await publish(event);
    const first = await eventually(() => notificationsOf([event.id]), (found) => found.length === 2 && found.every((row) => row.deliveryStatus === "SENT"));

    // The same envelope twice more, as a relay that crashed before marking it published would send it.
    await publish(event, event);
    const marker = orderEvent(customer.id, "DELIVERED");
    await publish(marker);
    await eventually(() => notificationsOf([marker.id]), (found) => found.length === 2 && found.every((row) => row.deliveryStatus === "SENT"));
    await eventually(pendingInGroup, (pending) => pending === 0);

    expect((await notificationsOf([event.id])).map((row) => row.id)).toEqual(first.map((row) => row.id));
    expect(await db.processedEvent.count({ where: { eventId: event.id } })).toBe(1);
    const mails = smtp.messages.filter((message) => message.to.includes(customer.email)).map((message) => message.subject);
    expect(mails.filter((subject) => subject.endsWith("shipped"))).toHaveLength(1);
    expect(mails.filter((subject) => subject.endsWith("delivered"))).toHaveLength(1);
  });

  it("retries a rejected e-mail with backoff, then marks it FAILED with the reason", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    bouncing.add(customer.email);
    const event = orderEvent(customer.id, "CANCELLED", { reason: "Out of stock" });
    await publish(event);

    const emailRow = async () => (await notificationsOf([event.id])).find((row) => row.channel === "EMAIL");
    const failed = await eventually(emailRow, (row) => row?.deliveryStatus === "FAILED");
    expect(failed).toMatchObject({ deliveryAttempts: MAX_ATTEMPTS, nextAttemptAt: null, deliveredAt: null });
    expect(failed!.lastError).toMatch(/550/);

    // One try per attempt, each after the backoff of the one before: base, then 2 × base.
    const tries = smtp.recipients.filter((recipient) => recipient.address === customer.email).map((recipient) => recipient.at);
    expect(tries).toHaveLength(MAX_ATTEMPTS);
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(RETRY_BASE_MS - 10);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS - 10);
    expect(smtp.messages.some((message) => message.to.includes(customer.email))).toBe(false);

    const feed = dataOf(await gql(stack.gatewayUrl, FEED, {}, customer.token)).me.notifications.edges.map((edge: any) => edge.node);
    expect(feed.map((node: any) => [node.channel, node.deliveryStatus]).sort()).toEqual([
      ["EMAIL", "FAILED"],
      ["IN_APP", "SENT"],
    ]);
  });

  it("waits for the users service when it is down, then handles the event", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    await stack.stopService("users");
    try {
      const event = orderEvent(customer.id, "CONFIRMED");
      await publish(event);
      await eventually(pendingInGroup, (pending) => pending === 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await notificationsOf([event.id])).toEqual([]);
      expect(await pendingInGroup()).toBe(1);

      await stack.startService("users");
      const rows = await eventually(() => notificationsOf([event.id]), (found) => found.length === 2, 20_000);
      expect(rows.map((row) => row.channel)).toEqual(["EMAIL", "IN_APP"]);
      await eventually(pendingInGroup, (pending) => pending === 0);
    } finally {
      if (!(await fetch(stack.env.USERS_URL!).then(() => true, () => false))) await stack.startService("users");
    }
  });

  it("processes 500 events exactly once with two replicas of the service", async () => {
    const second = (await startNotificationsSubgraph(loadNotificationsConfig({ ...stack.env, NOTIFICATIONS_PORT: "0" }))).service;
    try {
      const customers = await Promise.all(Array.from({ length: 5 }, () => registerCustomer(stack.gatewayUrl)));
      const events = Array.from({ length: 500 }, (_, i) => orderEvent(customers[i % customers.length]!.id, i % 2 ? "CONFIRMED" : "PENDING"));
      await publish(...events);
      const ids = events.map((event) => event.id);

      await eventually(() => db.processedEvent.count({ where: { eventId: { in: ids } } }), (count) => count === 500, 60_000);
      const rows = await notificationsOf(ids);
      expect(rows).toHaveLength(1000);
      const perEvent = new Map<string, string[]>();
      for (const row of rows) perEvent.set(row.eventId!, [...(perEvent.get(row.eventId!) ?? []), row.channel]);
      expect([...perEvent.values()].every((channels) => channels.sort().join() === "EMAIL,IN_APP")).toBe(true);

      // Both replicas took part, each event counted by exactly one of them.
      const byReplica = await db.processedEvent.groupBy({ by: ["processedBy"], where: { eventId: { in: ids } }, _count: true });
      expect(byReplica).toHaveLength(2);
      expect(byReplica.reduce((sum, replica) => sum + replica._count, 0)).toBe(500);

      // And each e-mail went out once, though both replicas' delivery workers were sending.
      const addresses = new Set(customers.map((customer) => customer.email));
      const mails = await eventually(
        () => smtp.messages.filter((message) => message.to.some((to) => addresses.has(to))),
        (found) => found.length >= 500,
        60_000,
      );
      await eventually(() => db.notification.count({ where: { eventId: { in: ids }, channel: "EMAIL", deliveryStatus: "SENT" } }), (sent) => sent === 500);
      expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(500);
      expect(mails).toHaveLength(500);
      expect(await pendingInGroup()).toBe(0);
    } finally {
      await second.stop();
    }
  }, 120_000);
});

describe("the notifications service's edges", () => {
  const CONTACTS = /* GraphQL */ `query C($ids: [ID!]!) { userContacts(ids: $ids) { id email phone } }`;

  it("gives contact details to the notifications service only, leaving unknown ids out", async () => {
    const customer = await registerCustomer(stack.gatewayUrl, { phone: "+14155550199" });
    const users = stack.services.users.url;
    const ids = [customer.id, randomUUID(), "not-a-uuid"];
    const answer = dataOf(await subgraphGql(users, CONTACTS, { ids }, await runTokens.signService("notifications"))).userContacts;
    expect(answer).toEqual([{ id: customer.id, email: customer.email, phone: "+14155550199" }]);

    expect(codesOf(await subgraphGql(users, CONTACTS, { ids }, await runTokens.signService("orders")))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await subgraphGql(users, CONTACTS, { ids }, customer.token))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await subgraphGql(users, CONTACTS, { ids }))).toEqual(["UNAUTHENTICATED"]);
    const tooMany = Array.from({ length: 101 }, () => randomUUID());
    expect(codesOf(await subgraphGql(users, CONTACTS, { ids: tooMany }, await runTokens.signService("notifications")))).toEqual(["BAD_USER_INPUT"]);
    // Through the gateway the internal query does not exist.
    expect(codesOf(await gql(stack.gatewayUrl, CONTACTS, { ids }, customer.token))).toEqual(["BAD_USER_INPUT"]);
  });

  it("starts, serves and stops while Redis is unreachable, and says so on /readyz", async () => {
    const config = loadNotificationsConfig({ ...stack.env, NOTIFICATIONS_PORT: "0", REDIS_URL: "redis://127.0.0.1:1" });
    const { service } = await startNotificationsSubgraph(config);
    try {
      const readyz = await fetch(service.url.replace("/graphql", "/readyz"));
      // Still ready: it serves the feed without Redis, and its consumer catches up later.
      expect(readyz.status).toBe(200);
      expect(await readyz.json()).toMatchObject({ status: "ok", checks: { database: "ok", redis: "failing" } });
      const customer = await registerCustomer(stack.gatewayUrl);
      const create = `mutation C($input: CreateNotificationInput!) { createNotification(input: $input) { id deliveryStatus } }`;
      const input = { userId: customer.id, channel: "IN_APP", subject: "Hello", body: "Still works" };
      const created = dataOf(await subgraphGql(service.url, create, { input }, await runTokens.signService("orders"))).createNotification;
      expect(created.deliveryStatus).toBe("SENT");
    } finally {
      await service.stop();
    }
  });
});

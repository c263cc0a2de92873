// Live order tracking and the notification feed through the gateway's subscription layer,
// with real graphql-ws and multipart HTTP clients, real Redis and two gateway replicas, and a
// gateway process whose Redis connection goes through a proxy that a test can cut.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { Redis } from "ioredis";
import { eventNames } from "@shop/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { channelListeners, collect, multipartSubscribe, wsClient } from "../support/subscriptions.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

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

describe("a gateway process whose Redis goes away", () => {
  let gateway: ChildProcess;
  let gatewayUrl: string;
  let redisProxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let output = "";

  beforeAll(async () => {
    redisProxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(redisUrl).port || 6379) });
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
    // Its own process, so that its log lines can be read as an operator reads them.
    gateway = spawn(process.execPath, ["--import", "tsx", "gateway/src/main.ts"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...stack.env, GATEWAY_PORT: String(port), REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, LOG_LEVEL: "info", MAX_CONNECTIONS_PER_USER: "2" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    gateway.stdout!.on("data", (chunk) => (output += chunk));
    gateway.stderr!.on("data", (chunk) => (output += chunk));
    const deadline = Date.now() + 30_000;
    while (!/gateway ready/.test(output) && Date.now() < deadline && gateway.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!/gateway ready/.test(output)) throw new Error(`the gateway did not start:\n${output}`);
  }, 40_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.once("exit", resolve));
      gateway.kill("SIGTERM");
      await exited;
    }
    await redisProxy?.close();
  });

  const readiness = () =>
    fetch(gatewayUrl.replace("/graphql", "/readyz"))
      .then((response) => response.json() as Promise<{ status: string; checks: Record<string, string> }>)
      .catch(() => null);
  const logged = (message: string) => output.split("\n").some((line) => line.includes(message) && line.includes('"redis":"gateway-events"'));

  it("keeps its subscribers connected through the outage, shows it in logs and /readyz, and delivers events after reconnecting", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const client = wsClient(gatewayUrl, customer.token);
    let closed = false;
    client.on("closed", () => (closed = true));
    const subscription = collect(client, `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status items { product { name } } } }`, { id: orderId });
    let ended = false;
    void subscription.done.then(() => (ended = true));
    await live(names().orderChannel(orderId));
    expect(await readiness()).toEqual({ status: "ok", checks: { redis: "ok" } });

    redisProxy.cut();
    await expect.poll(() => logged("redis connection lost"), { timeout: 10_000, interval: 100 }).toBe(true);
    // Still ready: queries and mutations are served without Redis.
    expect(await readiness()).toEqual({ status: "ok", checks: { redis: "failing" } });
    await move(stack.gatewayUrl, orderId, "CONFIRMED"); // published while this gateway cannot hear it

    redisProxy.restore();
    await expect.poll(() => logged("redis connection restored"), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(await readiness()).toEqual({ status: "ok", checks: { redis: "ok" } });
    await live(names().orderChannel(orderId));
    await move(stack.gatewayUrl, orderId, "SHIPPED");

    await expect.poll(() => subscription.results.length, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    expect(subscription.results.map((result) => dataOf(result).orderStatusChanged)).toEqual([{ status: "SHIPPED", items: [{ product: { name: "Live widget" } }] }]);
    expect({ closed, ended }).toEqual({ closed: false, ended: false });
    await client.dispose();
  });

  it("counts every multipart stream against the user's connections, and frees its place when it closes", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const query = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status } }`;
    const client = wsClient(gatewayUrl, customer.token);
    const overWs = collect(client, query, { id: orderId });
    await live(names().orderChannel(orderId));
    const first = await multipartSubscribe(gatewayUrl, query, { id: orderId }, customer.token);
    expect(first.response.status).toBe(200);

    // The WebSocket and one stream: the limit of 2 is reached.
    const refused = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: 'multipart/mixed;subscriptionSpec="1.0"', authorization: `Bearer ${customer.token}` },
      body: JSON.stringify({ query, variables: { id: orderId } }),
    });
    expect(refused.status).toBe(429);
    expect(codesOf((await refused.json()) as never)).toEqual(["BAD_USER_INPUT"]);

    first.close();
    await first.reading;
    const admitted = async () => {
      const stream = await multipartSubscribe(gatewayUrl, query, { id: orderId }, customer.token);
      stream.close();
      await stream.reading;
      return stream.response.status;
    };
    await expect.poll(admitted, { timeout: 5_000, interval: 100 }).toBe(200);
    expect(overWs.results).toEqual([]);
    await client.dispose();
  });
});

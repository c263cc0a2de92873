// The gateway's response cache against real PostgreSQL and Redis: answers served from it,
// dropped by product changes within a second, never one customer's data to another, and
// plain uncached answers while Redis is away.
import { databaseUrlFor } from "@shop/config";
import { CACHE_EVENT, cacheTag, eventNames, PRODUCT_EVENT } from "@shop/events";
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { setTimeout } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { parsePrometheusText, samplesOf } from "../support/prometheus-text.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";
import { listenToChannel } from "../support/subscriptions.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

const PRODUCT = `query Product($id: ID!) { product(id: $id) { id name priceCents stock } }`;
const CATALOGUE = `query Catalogue($search: String) { products(first: 5, search: $search) { totalCount edges { node { id name priceCents stock } } } }`;
const CREATE = `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
const UPDATE = `mutation U($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const ADJUST = `mutation A($id: ID!, $delta: Int!) { adjustStock(productId: $id, delta: $delta) { id } }`;
const PLACE = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const MY_ORDERS = `query MyOrders { me { id email orders(first: 10) { totalCount edges { node { id items { product { id name } } } } } } }`;
const ORDER = `query Order($id: ID!) { order(id: $id) { id user { id email } items { quantity product { id name stock } } } }`;

let stack: Stack;
let products: pg.Pool;
let admin: { token: string };

beforeAll(async () => {
  stack = await startStack();
  products = new pg.Pool({ connectionString: databaseUrlFor("products", stack.env), max: 1 });
  admin = await login(stack.gatewayUrl, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await products?.end();
  await stack?.stop();
});

async function createProduct(url: string, fields: { name?: string; stock?: number } = {}) {
  const input = { sku: unique("CACHE").toUpperCase(), name: fields.name ?? unique("Cached"), priceCents: 1000, currency: "EUR", stock: fields.stock ?? 10 };
  return dataOf(await gql<{ createProduct: { id: string } }>(url, CREATE, { input }, admin.token)).createProduct.id;
}

/** Changes a price behind every service's back: no event, so only an answer that bypasses the cache shows it. */
async function setPriceInDatabase(productId: string, priceCents: number) {
  await products.query("UPDATE products SET price_cents = $1 WHERE id = $2", [priceCents, productId]);
}

async function cacheCounts(metricsUrl: string) {
  const families = parsePrometheusText(await (await fetch(metricsUrl)).text());
  const count = (result: string) => samplesOf(families, "gateway_response_cache_requests_total", { result })[0]?.value ?? 0;
  return { hit: count("hit"), miss: count("miss"), bypass: count("bypass") };
}

const listenToChanges = () => listenToChannel(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379", eventNames(stack.env.EVENTS_NAMESPACE).changesChannel);

/** How long until `read` returns `expected`, polling every 20 ms for up to 5 s. */
async function msUntil<T>(read: () => Promise<T>, expected: T): Promise<number> {
  const start = Date.now();
  await expect.poll(read, { timeout: 5_000, interval: 20 }).toEqual(expected);
  return Date.now() - start;
}

describe("public answers", () => {
  it("are served from the cache: a change made behind the services' back stays unseen", async () => {
    const url = stack.gatewayUrl;
    const id = await createProduct(url);
    const metricsUrl = stack.metricsUrl("gateway");
    // Once the gateway listens for changes (just after it starts), a second read is a hit.
    const hitAfterRead = async () => {
      const { hit } = await cacheCounts(metricsUrl);
      expect(dataOf(await gql(url, PRODUCT, { id })).product.priceCents).toBe(1000);
      return (await cacheCounts(metricsUrl)).hit > hit;
    };
    await expect.poll(hitAfterRead, { timeout: 10_000, interval: 100 }).toBe(true);

    await setPriceInDatabase(id, 1234);
    const before = await cacheCounts(metricsUrl);
    // Anonymous and signed-in callers share the public answer.
    const customer = await registerCustomer(url);
    expect(dataOf(await gql(url, PRODUCT, { id }, customer.token)).product.priceCents).toBe(1000);
    expect(dataOf(await gql(url, PRODUCT, { id })).product.priceCents).toBe(1000);
    const after = await cacheCounts(metricsUrl);
    expect(after.hit - before.hit).toBe(2);
    expect(after.miss - before.miss).toBe(0);
  });

  it("are refreshed in the background when asked for late in their time: no caller waits for a fresh answer", async () => {
    const id = await createProduct(stack.gatewayUrl);
    const port = await freePort();
    const other = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(port), GATEWAY_METRICS_PORT: "0", GATEWAY_RESPONSE_CACHE_TTL_MS: "3000" }))).service;
    try {
      const metricsUrl = `http://127.0.0.1:${other.metricsPort}/metrics`;
      const price = async () => dataOf(await gql(other.url, PRODUCT, { id })).product.priceCents as number;
      // Once this replica listens for changes, the second read is a hit: the answer was stored by the first.
      const hitAfterRead = async () => {
        const { hit } = await cacheCounts(metricsUrl);
        await price();
        return (await cacheCounts(metricsUrl)).hit > hit;
      };
      await expect.poll(hitAfterRead, { timeout: 10_000, interval: 100 }).toBe(true);
      // Behind the services' back: only an answer fetched again shows it.
      await setPriceInDatabase(id, 4321);
      const { miss } = await cacheCounts(metricsUrl);
      await setTimeout(2_500); // past four fifths of the answer's 3 s
      expect(await price()).toBe(1000); // served from the cache while its refresh runs
      await expect.poll(price, { timeout: 500, interval: 20 }).toBe(4321);
      const after = await cacheCounts(metricsUrl);
      expect(after.miss - miss).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it("show an admin's price, stock and name changes at once through this gateway and within a second through another", async () => {
    const url = stack.gatewayUrl;
    const name = unique("Lamp");
    const id = await createProduct(url, { name });
    // A second replica: it hears of changes only through the event bus.
    const port = await freePort();
    const other = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(port), GATEWAY_METRICS_PORT: "0" }))).service;
    try {
      const price = (gateway: string) => async () => dataOf(await gql(gateway, PRODUCT, { id })).product.priceCents as number;
      const listed = (gateway: string) => async () => dataOf(await gql(gateway, CATALOGUE, { search: name })).products.edges.map((edge: any) => edge.node.priceCents);
      for (const gateway of [url, other.url]) {
        expect(await price(gateway)()).toBe(1000);
        expect(await listed(gateway)()).toEqual([1000]);
      }

      dataOf(await gql(url, UPDATE, { id, input: { priceCents: 1500 } }, admin.token));
      // Read-your-writes: the gateway that sent the change dropped it before replying.
      expect(await price(url)()).toBe(1500);
      expect(await listed(url)()).toEqual([1500]);
      expect(await msUntil(price(other.url), 1500)).toBeLessThan(1_000);
      expect(await msUntil(listed(other.url), [1500])).toBeLessThan(1_000);

      const stock = (gateway: string) => async () => dataOf(await gql(gateway, PRODUCT, { id })).product.stock as number;
      expect(await stock(other.url)()).toBe(10);
      dataOf(await gql(url, ADJUST, { id, delta: -3 }, admin.token));
      expect(await stock(url)()).toBe(7);
      expect(await msUntil(stock(other.url), 7)).toBeLessThan(1_000);

      // A new name changes what a search finds, on both.
      const renamed = unique("Sconce");
      expect(dataOf(await gql(other.url, CATALOGUE, { search: renamed })).products.totalCount).toBe(0);
      dataOf(await gql(url, UPDATE, { id, input: { name: renamed } }, admin.token));
      const found = (gateway: string) => async () => dataOf(await gql(gateway, CATALOGUE, { search: renamed })).products.totalCount as number;
      expect(await found(url)()).toBe(1);
      expect(await msUntil(found(other.url), 1)).toBeLessThan(1_000);
    } finally {
      await other.stop();
    }
  });

  it("show the stock an order took at once, and the stock it gave back", async () => {
    const url = stack.gatewayUrl;
    const id = await createProduct(url, { stock: 5 });
    const stock = async () => dataOf(await gql(url, PRODUCT, { id })).product.stock as number;
    expect(await stock()).toBe(5);
    const customer = await registerCustomer(url);
    const order = dataOf(await gql(url, PLACE, { input: { items: [{ productId: id, quantity: 2 }] } }, customer.token)).placeOrder;
    expect(await stock()).toBe(3);
    dataOf(await gql(url, `mutation X($id: ID!) { cancelOrder(id: $id) { id } }`, { id: order.id }, customer.token));
    // At once when the orders service's own release got through before it answered; otherwise
    // the products service releases it from the cancellation event, and its change event follows.
    expect(await msUntil(stock, 5)).toBeLessThan(3_000);
  });
});

describe("private answers", () => {
  it("are never served to another customer, whoever asked first", async () => {
    const url = stack.gatewayUrl;
    const productId = await createProduct(url);
    const alice = await registerCustomer(url);
    const bob = await registerCustomer(url);
    const order = async (token: string) => dataOf(await gql(url, PLACE, { input: { items: [{ productId, quantity: 1 }] } }, token)).placeOrder.id as string;
    const aliceOrder = await order(alice.token);
    const bobOrder = await order(bob.token);

    const metricsUrl = stack.metricsUrl("gateway");
    const hitsOfEachOwnView = async () => {
      const before = await cacheCounts(metricsUrl);
      const aliceView = dataOf(await gql(url, MY_ORDERS, {}, alice.token)).me;
      const bobView = dataOf(await gql(url, MY_ORDERS, {}, bob.token)).me;
      expect(aliceView).toMatchObject({ id: alice.id, email: alice.email, orders: { totalCount: 1, edges: [{ node: { id: aliceOrder } }] } });
      expect(bobView).toMatchObject({ id: bob.id, email: bob.email, orders: { totalCount: 1, edges: [{ node: { id: bobOrder } }] } });
      return (await cacheCounts(metricsUrl)).hit - before.hit;
    };
    expect(await hitsOfEachOwnView()).toBe(0);
    // The same query and variables: once their orders' events have dropped what they change,
    // both are served from their own entries, each still their own.
    await expect.poll(hitsOfEachOwnView, { timeout: 5_000, interval: 50 }).toBe(2);
    expect(dataOf(await gql(url, ORDER, { id: aliceOrder }, alice.token)).order.user.email).toBe(alice.email);
    const asBob = await gql(url, ORDER, { id: aliceOrder }, bob.token);
    expect(asBob.data?.order ?? null).toBeNull();
    expect(JSON.stringify(asBob)).not.toContain(alice.email);
    // Anonymous: no data of anyone's.
    const anonymous = await gql(url, MY_ORDERS, {});
    expect(anonymous.data?.me ?? null).toBeNull();
  });

  it("embed products fetched once for every caller, and show their changes at once", async () => {
    const url = stack.gatewayUrl;
    const productId = await createProduct(url, { stock: 10 });
    const customer = await registerCustomer(url);
    const orderId = dataOf(await gql(url, PLACE, { input: { items: [{ productId, quantity: 1 }] } }, customer.token)).placeOrder.id;
    const embedded = async (token: string) => dataOf(await gql(url, ORDER, { id: orderId }, token)).order.items[0].product;
    const productHits = async () => {
      const families = parsePrometheusText(await (await fetch(stack.metricsUrl("gateway"))).text());
      return samplesOf(families, "gateway_subgraph_fetch_cache_requests_total", { subgraph: "products", result: "hit" })[0]?.value ?? 0;
    };
    expect(await embedded(customer.token)).toMatchObject({ id: productId, stock: 9 });
    const before = await productHits();
    // Another caller gets an answer of its own, with the products the customer's fetched.
    expect(await embedded(admin.token)).toMatchObject({ id: productId, stock: 9 });
    expect(await productHits()).toBe(before + 1);

    dataOf(await gql(url, UPDATE, { id: productId, input: { name: "Renamed lamp" } }, admin.token));
    for (const token of [customer.token, admin.token]) expect(await embedded(token)).toMatchObject({ name: "Renamed lamp", stock: 9 });
  });

  it("without a product's stock outlive other customers' orders of it; with its stock show each at once", async () => {
    const url = stack.gatewayUrl;
    const productId = await createProduct(url, { stock: 10 });
    const alice = await registerCustomer(url);
    const bob = await registerCustomer(url);
    const place = (token: string) => gql(url, PLACE, { input: { items: [{ productId, quantity: 1 }] } }, token);
    const aliceOrder = dataOf(await place(alice.token)).placeOrder.id as string;
    const metricsUrl = stack.metricsUrl("gateway");
    // MY_ORDERS embeds the product's name only, ORDER its stock as well.
    const myOrders = async () => dataOf(await gql(url, MY_ORDERS, {}, alice.token)).me.orders.edges.map((edge: any) => edge.node.items[0].product.name);
    const stock = async () => dataOf(await gql(url, ORDER, { id: aliceOrder }, alice.token)).order.items[0].product.stock as number;
    const isHit = async () => {
      const before = await cacheCounts(metricsUrl);
      await myOrders();
      return (await cacheCounts(metricsUrl)).hit - before.hit === 1;
    };
    // Once the events of the product's creation and of Alice's own order have dropped what they change.
    await expect.poll(isHit, { timeout: 5_000, interval: 50 }).toBe(true);
    expect(await stock()).toBe(9);

    const announced = await listenToChanges();
    try {
      const bobOrder = dataOf(await place(bob.token)).placeOrder.id as string;
      // The products service's event for the stock Bob's order took (filed under his order) has reached the gateways.
      await expect.poll(() => announced.some((envelope) => envelope.type === PRODUCT_EVENT.CHANGED && envelope.aggregateId === bobOrder)).toBe(true);
    } finally {
      announced.stop();
    }
    expect(await isHit()).toBe(true);
    expect(await stock()).toBe(8);
  });

  it("show a customer's new order, and every status it is given, at once through this gateway and through another", async () => {
    const url = stack.gatewayUrl;
    const productId = await createProduct(url);
    const customer = await registerCustomer(url);
    const other = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(await freePort()), GATEWAY_METRICS_PORT: "0" }))).service;
    const announced = await listenToChanges();
    try {
      const count = (gateway: string) => async () => dataOf(await gql(gateway, MY_ORDERS, {}, customer.token)).me.orders.totalCount as number;
      const status = (gateway: string, id: string) => async () => dataOf(await gql(gateway, `query S($id: ID!) { order(id: $id) { id status } }`, { id }, customer.token)).order.status as string;
      for (const gateway of [url, other.url]) {
        expect(await count(gateway)()).toBe(0);
        expect(await count(gateway)()).toBe(0);
      }
      const orderId = dataOf(await gql(url, PLACE, { input: { items: [{ productId, quantity: 1 }] } }, customer.token)).placeOrder.id as string;
      // Read at once, without polling: the replica that placed it announced the drop before
      // replying, and the orders service's own event follows.
      for (const gateway of [url, other.url]) expect(await count(gateway)()).toBe(1);
      await expect.poll(() => announced.some((envelope) => envelope.type === CACHE_EVENT.INVALIDATED && envelope.data.tags.includes(cacheTag.orders(customer.id)))).toBe(true);

      for (const gateway of [url, other.url]) expect(await status(gateway, orderId)()).toBe("PENDING");
      dataOf(await gql(url, `mutation M($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id } }`, { id: orderId }, admin.token));
      for (const gateway of [url, other.url]) expect(await status(gateway, orderId)()).toBe("CONFIRMED");
      dataOf(await gql(other.url, `mutation X($id: ID!) { cancelOrder(id: $id) { id } }`, { id: orderId }, customer.token));
      for (const gateway of [url, other.url]) expect(await status(gateway, orderId)()).toBe("CANCELLED");
    } finally {
      announced.stop();
      await other.stop();
    }
  });

  it("are gone once their token is signed out, on every replica", async () => {
    const url = stack.gatewayUrl;
    const customer = await registerCustomer(url);
    const other = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(await freePort()), GATEWAY_METRICS_PORT: "0" }))).service;
    try {
      const me = (gateway: string) => async () => (await gql(gateway, `query Me { me { id email } }`, {}, customer.token)).data?.me ?? null;
      for (const gateway of [url, other.url]) {
        expect(await me(gateway)()).toMatchObject({ id: customer.id });
        expect(await me(gateway)()).toMatchObject({ id: customer.id });
      }
      expect(dataOf(await gql(url, `mutation { logout }`, {}, customer.token)).logout).toBe(true);
      // The other replica still trusts the token's account (its check is remembered) but not its cached answer.
      for (const gateway of [url, other.url]) expect(await me(gateway)()).toBeNull();
    } finally {
      await other.stop();
    }
  });
});

describe("a gateway whose Redis goes away", () => {
  it("answers uncached while it cannot hear changes, then caches again, emptied of what it may have missed", async () => {
    const redis = new URL(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const port = await freePort();
    const gateway = (await startGateway(loadGatewayConfig({ ...stack.env, GATEWAY_PORT: String(port), GATEWAY_METRICS_PORT: "0", REDIS_URL: `redis://127.0.0.1:${proxy.port}` }))).service;
    const metricsUrl = `http://127.0.0.1:${gateway.metricsPort}/metrics`;
    try {
      const id = await createProduct(stack.gatewayUrl);
      const price = async () => dataOf(await gql(gateway.url, PRODUCT, { id })).product.priceCents as number;
      // Cached while Redis is there (once it listens, a second read is a hit)...
      const hits = async () => (await price(), await price(), (await cacheCounts(metricsUrl)).hit);
      await expect.poll(hits, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);

      proxy.cut();
      // ...then, once it cannot hear, every answer is read fresh and none is an error.
      const bypassed = async () => (await price(), (await cacheCounts(metricsUrl)).bypass);
      await expect.poll(bypassed, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
      await setPriceInDatabase(id, 2222);
      expect(await price()).toBe(2222);
      await setPriceInDatabase(id, 3333);
      expect(await price()).toBe(3333);

      proxy.restore();
      // Back: answers are cached again, and the one cached before the outage (1000) is gone.
      const cachedAgain = async () => {
        const { hit } = await cacheCounts(metricsUrl);
        const prices = [await price(), await price()];
        return { prices, hit: (await cacheCounts(metricsUrl)).hit > hit };
      };
      await expect.poll(cachedAgain, { timeout: 15_000, interval: 200 }).toEqual({ prices: [3333, 3333], hit: true });
    } finally {
      await gateway.stop();
      await proxy.close();
    }
  });
});

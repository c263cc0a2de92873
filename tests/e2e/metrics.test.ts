// Prometheus metrics of every service, read from each service's own metrics port after real
// traffic through the gateway: the page parses, and carries the series Prometheus, the
// dashboards and the alerts rely on.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { parsePrometheusText, samplesOf } from "../support/prometheus-text.ts";
import { ADMIN, startStack, type ServiceName, type Stack } from "../support/stack.ts";
import { collect, wsClient } from "../support/subscriptions.ts";

const manifest = JSON.parse(readFileSync(new URL("../../schema/persisted-query-manifest.json", import.meta.url), "utf8")) as {
  operations: { name: string; body: string }[];
};
/** A registered operation's text, as a client built from the manifest sends it. */
const registered = (name: string) => manifest.operations.find((operation) => operation.name === name)!.body;

let stack: Stack;
let adminToken: string;
let customerToken: string;

async function scrape(name: ServiceName) {
  const response = await fetch(stack.metricsUrl(name));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const total = (samples: { value: number }[]) => samples.reduce((sum, sample) => sum + sample.value, 0);

beforeAll(async () => {
  stack = await startStack();
  adminToken = (await login(stack.gatewayUrl, ADMIN.email, ADMIN.password)).token;
  // A few requests of every kind: cross-subgraph, an order placed and moved on, an error.
  const customer = await registerCustomer(stack.gatewayUrl);
  customerToken = customer.token;
  await login(stack.gatewayUrl, customer.email, "customer-password");
  const product = dataOf(
    await gql(stack.gatewayUrl, `mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { sku: unique("MET").toUpperCase(), name: "Metered", priceCents: 990, currency: "EUR", stock: 5 },
    }, adminToken),
  ).createProduct as { id: string };
  dataOf(await gql(stack.gatewayUrl, registered("Catalogue"), { first: 5 }));
  const order = dataOf(await gql(stack.gatewayUrl, registered("PlaceOrder"), { input: { items: [{ productId: product.id, quantity: 1 }] } }, customer.token))
    .placeOrder as { id: string };
  dataOf(await gql(stack.gatewayUrl, registered("UpdateOrderStatus"), { id: order.id, status: "CONFIRMED" }, adminToken));
  dataOf(await gql(stack.gatewayUrl, registered("MyOrders"), { first: 5 }, customer.token));
  dataOf(await gql(stack.gatewayUrl, registered("Notifications"), { first: 5 }, customer.token));
  const anonymous = await gql(stack.gatewayUrl, registered("UpdateOrderStatus"), { id: order.id, status: "SHIPPED" });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
});

afterAll(async () => {
  await stack?.stop();
});

describe("/metrics", () => {
  it("is served on each service's own port, not on its GraphQL port", async () => {
    for (const name of ["gateway", "users", "products", "orders", "notifications"] as const) {
      expect(stack.services[name].metricsPort).not.toBe(stack.services[name].port);
      expect((await fetch(stack.services[name].url.replace(/\/graphql$/, "/metrics"))).status).toBe(404);
    }
  });

  it("carries process defaults and RED metrics per operation on every service, labelled with the service", async () => {
    for (const name of ["gateway", "users", "products", "orders", "notifications"] as const) {
      const metrics = await scrape(name);
      for (const family of ["process_cpu_seconds_total", "nodejs_heap_size_used_bytes", "graphql_requests_total", "graphql_request_duration_seconds"]) {
        expect(metrics.has(family), `${name}: ${family}`).toBe(true);
      }
      const requests = samplesOf(metrics, "graphql_requests_total");
      expect(requests.length, name).toBeGreaterThan(0);
      expect(requests.every((sample) => sample.labels.service === name)).toBe(true);
    }
    const gateway = await scrape("gateway");
    expect(total(samplesOf(gateway, "graphql_requests_total", { operation_name: "PlaceOrder", operation_type: "mutation" }))).toBe(1);
    expect(total(samplesOf(gateway, "graphql_request_duration_seconds_count", { operation_name: "Catalogue", operation_type: "query" }))).toBe(1);
    expect(total(samplesOf(gateway, "graphql_request_errors_total", { operation_name: "UpdateOrderStatus", code: "UNAUTHENTICATED" }))).toBe(1);
    // The subgraphs see the gateway's fetches under the client's operation name.
    const orders = await scrape("orders");
    expect(total(samplesOf(orders, "graphql_requests_total", { operation_name: "PlaceOrder", operation_type: "mutation" }))).toBe(1);
    const products = await scrape("products");
    expect(total(samplesOf(products, "graphql_requests_total", { operation_name: "MyOrders", operation_type: "query" }))).toBeGreaterThanOrEqual(1);
  });

  it("times the gateway's fetches per subgraph and the subgraphs' database queries", async () => {
    const gateway = await scrape("gateway");
    for (const subgraph of ["users", "products", "orders"]) {
      expect(total(samplesOf(gateway, "gateway_subgraph_request_duration_seconds_count", { subgraph })), subgraph).toBeGreaterThan(0);
    }
    expect(gateway.has("gateway_subgraph_request_errors_total")).toBe(true);
    expect(gateway.has("graphql_subscriptions_active")).toBe(true);
    expect(gateway.has("websocket_connections_active")).toBe(true);
    for (const name of ["users", "products", "orders", "notifications"] as const) {
      expect(total(samplesOf(await scrape(name), "db_query_duration_seconds_count", { outcome: "ok" })), name).toBeGreaterThan(0);
    }
  });

  it("counts events published by the outbox, consumed with their lag, and the outbox backlog", async () => {
    const orders = await scrape("orders");
    expect(total(samplesOf(orders, "events_published_total", { event_type: "order.status_changed" }))).toBeGreaterThanOrEqual(1);
    expect(samplesOf(orders, "outbox_pending_events")).toHaveLength(1);
    // The consumers run on their own; wait until they have handled the status change.
    await expect
      .poll(async () => total(samplesOf(await scrape("notifications"), "events_consumed_total", { group: "notifications", event_type: "order.status_changed", outcome: "ok" })), {
        timeout: 15_000,
        interval: 100,
      })
      .toBeGreaterThanOrEqual(1);
    expect(total(samplesOf(await scrape("notifications"), "events_consume_lag_seconds_count", { group: "notifications" }))).toBeGreaterThanOrEqual(1);
    await expect
      .poll(async () => total(samplesOf(await scrape("products"), "events_consumed_total", { group: "products", outcome: "ok" })), { timeout: 15_000, interval: 100 })
      .toBeGreaterThanOrEqual(1);
  });

  it("puts operations with names nobody registered into one `unknown` value", async () => {
    await gql(stack.gatewayUrl, `query MadeUpOne { categories }`);
    const operationNames = async () => {
      const values = new Set<string>();
      for (const name of ["gateway", "products"] as const) {
        for (const sample of samplesOf(await scrape(name), "graphql_requests_total")) values.add(`${name}:${sample.labels.operation_name}`);
      }
      return values;
    };
    const before = await operationNames();
    const unknownBefore = total(samplesOf(await scrape("gateway"), "graphql_requests_total", { operation_name: "unknown" }));
    expect(before).toContain("gateway:unknown");
    expect(before).toContain("products:unknown");

    await gql(stack.gatewayUrl, `query MadeUpTwo${unique("x").replace("-", "")} { categories }`);
    expect(await operationNames()).toEqual(before);
    expect(total(samplesOf(await scrape("gateway"), "graphql_requests_total", { operation_name: "unknown" }))).toBe(unknownBefore + 1);
  });

  it("names its own series as promtool's lint wants them", async () => {
    for (const name of ["gateway", "orders", "notifications"] as const) {
      const text = await (await fetch(stack.metricsUrl(name))).text();
      // prom-client's defaults keep their well-known names (nodejs_active_handles_total is a gauge).
      const own = text.split("\n").filter((line) => !/^(# (HELP|TYPE) )?(process|nodejs)_/.test(line)).join("\n");
      // Exits non-zero on a malformed page or a naming problem (counters without _total, units).
      execFileSync("promtool", ["check", "metrics"], { input: own });
    }
  });

  it("counts open WebSockets and the subscriptions on them, by field, down to zero when they close", async () => {
    const gauges = async () => {
      const gateway = await scrape("gateway");
      return {
        sockets: total(samplesOf(gateway, "websocket_connections_active")),
        notificationAdded: total(samplesOf(gateway, "graphql_subscriptions_active", { field: "notificationAdded" })),
      };
    };
    const client = wsClient(stack.gatewayUrl, customerToken);
    const subscriptions = [collect(client, registered("NotificationAdded")), collect(client, registered("NotificationAdded"))];
    await expect.poll(gauges, { timeout: 10_000, interval: 50 }).toEqual({ sockets: 1, notificationAdded: 2 });
    subscriptions[0]!.unsubscribe();
    await expect.poll(gauges, { timeout: 10_000, interval: 50 }).toEqual({ sockets: 1, notificationAdded: 1 });
    await client.dispose();
    await expect.poll(gauges, { timeout: 10_000, interval: 50 }).toEqual({ sockets: 0, notificationAdded: 0 });
  });

  // Last: it restarts products, whose counters start again from zero.
  it("counts a subgraph that cannot be reached as a fetch error of that subgraph", async () => {
    await stack.stopService("products");
    try {
      const result = await gql(stack.gatewayUrl, registered("Catalogue"), { first: 1 });
      expect(result.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    } finally {
      await stack.startService("products");
    }
    const gateway = await scrape("gateway");
    expect(total(samplesOf(gateway, "gateway_subgraph_request_errors_total", { subgraph: "products", code: "SERVICE_UNAVAILABLE" }))).toBe(1);
  });
});

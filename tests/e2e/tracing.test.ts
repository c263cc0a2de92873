// Traces end to end: the four subgraphs and the gateway as separate processes, started with the
// real entry command, exporting over OTLP/HTTP to a collector on loopback. One client request is
// one trace across every service it reaches, and across Redis to the work its events cause.
import { randomBytes, randomUUID } from "node:crypto";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "@shop/tracing/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, login, registerCustomer, unique, type GraphQLResult } from "../support/client.ts";
import { freePort } from "../support/ports.ts";
import { spawnService, type ServiceProcess } from "../support/service-process.ts";
import { ADMIN } from "../support/stack.ts";

const SUBGRAPHS = ["users", "products", "orders", "notifications"] as const;

let receiver: OtlpReceiver;
let gatewayUrl: string;
const processes: Record<string, ServiceProcess> = {};
let adminToken: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const ports = { USERS: await freePort(), PRODUCTS: await freePort(), ORDERS: await freePort(), NOTIFICATIONS: await freePort(), GATEWAY: await freePort() };
  const env = {
    HOST: "127.0.0.1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    EVENTS_NAMESPACE: `test-${randomUUID()}`,
    // debug: the notifications consumer's per-event line is one of the lines checked below.
    LOG_LEVEL: "debug",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "100",
    // The machine's cores are shared with other test runs: a slow subgraph is not what this tests.
    SUBGRAPH_TIMEOUT_MS: "30000",
    ...Object.fromEntries(
      Object.entries(ports).flatMap(([name, port]) => [
        [`${name}_PORT`, String(port)],
        [`${name}_URL`, `http://127.0.0.1:${port}/graphql`],
      ]),
    ),
  };
  for (const name of SUBGRAPHS) processes[name] = spawnService(`subgraphs/${name}`, env);
  await Promise.all(SUBGRAPHS.map((name) => processes[name]!.waitForLine(new RegExp(`"msg":"${name} ready"`), 150_000)));
  processes.gateway = spawnService("gateway", env);
  await processes.gateway.waitForLine(/"msg":"gateway ready"/, 150_000);
  gatewayUrl = `http://127.0.0.1:${ports.GATEWAY}/graphql`;
  adminToken = (await login(gatewayUrl, ADMIN.email, ADMIN.password)).token;
}, 300_000);

afterAll(async () => {
  const codes = await Promise.all(Object.values(processes).map((service) => service.stop()));
  await receiver?.stop();
  expect(codes.every((code) => code === 0)).toBe(true);
}, 60_000);

/** A W3C traceparent as a client that traces itself sends it: a new trace, sampled. */
function clientTraceparent() {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

async function gqlTraced(query: string, variables: Record<string, unknown>, token: string, traceparent: string): Promise<GraphQLResult> {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, traceparent },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult;
}

async function placeOrder(token: string): Promise<string> {
  const input = { sku: unique("TRC").toUpperCase(), name: "Traced", priceCents: 990, currency: "EUR", stock: 5 };
  const create = `mutation C($input: CreateProductInput!) { createProduct(input: $input) { id } }`;
  const product = dataOf(await gqlTraced(create, { input }, adminToken, clientTraceparent().header)).createProduct;
  const place = `mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
  return dataOf(await gqlTraced(place, { input: { items: [{ productId: product.id, quantity: 1 }] } }, token, clientTraceparent().header)).placeOrder.id;
}

const inTrace = (traceId: string) => (spans: ReceivedSpan[]) => spans.filter((span) => span.traceId === traceId);
const servicesOf = (spans: ReceivedSpan[]) => new Set(spans.map((span) => span.service));
const SERVER = 2; // OTLP's SPAN_KIND_SERVER
const isServerSpan = (span: ReceivedSpan) => span.scope === "@opentelemetry/instrumentation-http" && span.kind === SERVER;

describe("tracing across the supergraph", () => {
  it("makes one trace of a cross-subgraph query: gateway, orders, users and products, without argument values", async () => {
    const customer = await registerCustomer(gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const client = clientTraceparent();

    // The order id is written into the document as a literal: it must not reach any span.
    const query = `query TracedOrder { order(id: "${orderId}") { status user { email } items { quantity product { name } } } }`;
    const result = await gqlTraced(query, {}, customer.token, client.header);
    expect(dataOf(result).order.items[0].product.name).toBe("Traced");

    // Server spans end last, after their response: once all four arrived, the trace is complete.
    const spans = inTrace(client.traceId)(
      await receiver.waitFor((all) => {
        const servers = servicesOf(inTrace(client.traceId)(all).filter(isServerSpan));
        return ["gateway", "orders", "users", "products"].every((name) => servers.has(name));
      }),
    );

    // The gateway's server span continues the client's trace: its parent is the client's span.
    const gatewayServer = spans.find((span) => span.service === "gateway" && isServerSpan(span));
    expect(gatewayServer?.parentSpanId).toBe(client.spanId);
    // Each subgraph fetch leaves the gateway as a client span (Node's fetch, undici) that is the parent of the subgraph's server span.
    const fetches = spans.filter((span) => span.service === "gateway" && span.scope === "@opentelemetry/instrumentation-undici");
    for (const name of ["orders", "users", "products"]) {
      const server = spans.find((span) => span.service === name && isServerSpan(span));
      expect(fetches.map((span) => span.spanId), `${name}'s server span hangs under a gateway fetch`).toContain(server?.parentSpanId);
      // GraphQL execution named after the operation the gateway sent (the client's name, suffixed by the query planner).
      const execute = spans.find((span) => span.service === name && span.scope === "@opentelemetry/instrumentation-graphql" && span.name.startsWith("query"));
      expect(execute?.attributes["graphql.operation.name"]).toMatch(/^TracedOrder__/);
      // Real database spans from each subgraph's PostgreSQL pool.
      expect(spans.some((span) => span.service === name && span.scope === "@opentelemetry/instrumentation-pg" && /SELECT/.test(String(span.attributes["db.statement"] ?? span.attributes["db.query.text"])))).toBe(true);
    }
    // No span per resolver, and no argument value anywhere.
    expect(spans.filter((span) => span.name === "graphql.resolve")).toEqual([]);
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(orderId);
  });

  it("puts an order's status change and the notification it causes in one trace, with the trace id in the log lines", async () => {
    const customer = await registerCustomer(gatewayUrl);
    const orderId = await placeOrder(customer.token);
    const client = clientTraceparent();

    const move = `mutation Confirm($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { status } }`;
    expect(dataOf(await gqlTraced(move, { id: orderId }, adminToken, client.header)).updateOrderStatus.status).toBe("CONFIRMED");

    // The event crosses Redis (outbox relay, stream, consumer groups); its handling joins the mutation's trace.
    const isNotificationInsert = (span: ReceivedSpan) =>
      span.service === "notifications" && span.scope === "@opentelemetry/instrumentation-pg" && /INSERT INTO "?(public"?\."?)?notifications"?/.test(String(span.attributes["db.statement"] ?? span.attributes["db.query.text"]));
    const spans = inTrace(client.traceId)(
      await receiver.waitFor((all) => {
        const trace = inTrace(client.traceId)(all);
        // A consumer span ends after the work it holds: once both arrived, so did what they contain.
        const consumed = (service: string) => trace.some((span) => span.service === service && span.name === "process order.status_changed");
        return consumed("notifications") && consumed("products") && trace.some(isNotificationInsert);
      }),
    );
    const consumer = spans.find((span) => span.service === "notifications" && span.name === "process order.status_changed");
    expect(consumer?.kind).toBe(5); // CONSUMER
    expect(consumer?.attributes["messaging.consumer.group.name"]).toBe("notifications");
    // Its parent is a span of the orders service: the one that wrote the outbox row in the mutation.
    expect(spans.find((span) => span.spanId === consumer?.parentSpanId)?.service).toBe("orders");

    // The notification exists, and the consumer's log line for this order carries the mutation's trace id.
    const feed = dataOf(await gqlTraced(`{ me { notifications(first: 10) { edges { node { order { id status } } } } } }`, {}, customer.token, clientTraceparent().header));
    expect(feed.me.notifications.edges.map((edge: any) => edge.node.order.status)).toContain("CONFIRMED");
    const line = await processes.notifications!.waitForLine(new RegExp(`"trace_id":"${client.traceId}".*"orderId":"${orderId}".*"msg":"order event handled"`));
    expect(JSON.parse(line).span_id).toBe(consumer?.spanId);
  });
});

// `npm run bench:subscriptions`: 1,000 graphql-ws subscribers on ONE gateway, events published
// to Redis, publish-to-receipt latency (p50, p99) and the gateway's RSS. Needs the subgraphs and
// Redis of a running supergraph (`npm start` first) and the demo customer (`npm run db:seed`).
// It starts its own gateway process (so its RSS is the gateway's alone), with limits raised.
// BENCH_SUBSCRIBERS, BENCH_EVENTS, BENCH_PER_CONNECTION, BENCH_RAMP_MS override the defaults.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createEnvelope, createRedis, eventNames, ORDER_EVENT, serializeEnvelope, type OrderEventData } from "@shop/events";
import { createLogger } from "@shop/logger";

const root = fileURLToPath(new URL("../", import.meta.url));
const subscribers = Number(process.env.BENCH_SUBSCRIBERS || 1000);
const events = Number(process.env.BENCH_EVENTS || 20);
const perConnection = Number(process.env.BENCH_PER_CONNECTION || 10);
// Pause between connections: every subscription's access check is a follow-up query through the subgraphs.
const rampMs = Number(process.env.BENCH_RAMP_MS || 50);
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const names = eventNames(process.env.EVENTS_NAMESPACE || "shop");

const port = await new Promise<number>((resolve) => {
  const server = createServer().listen(0, () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});
const url = `http://127.0.0.1:${port}/graphql`;
const connections = Math.ceil(subscribers / perConnection);

const gateway = spawn(process.execPath, ["--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"], {
  cwd: `${root}gateway`,
  env: {
    ...process.env,
    GATEWAY_PORT: String(port),
    LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL || "error",
    APOLLO_TELEMETRY_DISABLED: "1",
    MAX_SUBSCRIPTIONS_PER_CONNECTION: String(perConnection),
    MAX_CONNECTIONS_PER_USER: String(connections + 10),
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, "utf8"))![1]) / 1024;

async function post(body: unknown, token?: string) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data: any; errors?: unknown };
}

const clients: Client[] = [];
const redis = createRedis(redisUrl, createLogger({ service: "bench", level: "warn" }), "bench-publisher");
try {
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(url.replace("/graphql", "/readyz")).catch(() => null);
    if (ready?.ok) break;
    if (attempt > 300) throw new Error("the gateway did not become ready");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const login = await post({ query: `mutation { login(email: "customer@shop.local", password: "customer-password") { token } }` });
  const token: string = login.data.login.token;
  const me = await post({ query: `{ me { id orders(first: 1) { edges { node { id totalCents currency } } } } }` }, token);
  const order = me.data?.me?.orders.edges[0]?.node;
  if (!order) throw new Error(`the demo customer has no order: ${JSON.stringify(me)}`);
  const rssIdle = rssMb();

  // Events go one at a time, the next once every subscriber received the last: a payload's latency is from its event's publish.
  let sentAt = 0;
  const latencies: number[] = [];
  let received = 0;
  let failed = 0;
  const query = `subscription Track($orderId: ID!) { orderStatusChanged(orderId: $orderId) { id status totalCents user { email } items { quantity product { name } } } }`;
  let subscribed = 0;
  for (let c = 0; c < connections; c++) {
    const client = createClient({ url: url.replace("http", "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    for (let s = 0; s < perConnection && subscribed < subscribers; s++, subscribed++) {
      client.subscribe(
        { query, variables: { orderId: order.id } },
        {
          next: (result) => {
            const at = performance.now();
            if (result.errors) failed++;
            received++;
            latencies.push(at - sentAt);
          },
          error: () => failed++,
          complete: () => undefined,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, rampMs));
  }
  const channel = names.orderChannel(order.id);
  for (let attempt = 0; ; attempt++) {
    const [, listening] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
    if (listening > 0 && attempt > 20) break; // let every subscription's access check finish
    if (attempt > 600) throw new Error("no gateway subscription reached Redis");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rssSubscribed = rssMb();

  let peakRss = rssSubscribed;
  for (let event = 0; event < events; event++) {
    const before = received;
    const data: OrderEventData = {
      orderId: order.id,
      userId: me.data.me.id,
      status: "CONFIRMED",
      previousStatus: "PENDING",
      reason: null,
      totalCents: order.totalCents,
      currency: order.currency,
      changedAt: new Date().toISOString(),
    };
    sentAt = performance.now();
    await redis.publish(channel, serializeEnvelope(createEnvelope({ type: ORDER_EVENT.STATUS_CHANGED, aggregateId: order.id, schemaVersion: 1, data })));
    const deadline = Date.now() + 30_000;
    while (received - before < subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    peakRss = Math.max(peakRss, rssMb());
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  console.log(
    `${subscribers} subscribers on ${connections} WebSockets, ${events} events: ${received} payloads (${subscribers * events} expected), ${failed} errors; ` +
      `publish->receipt p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(`gateway RSS: ${rssIdle.toFixed(0)} MB before, ${rssSubscribed.toFixed(0)} MB with the subscriptions, ${peakRss.toFixed(0)} MB peak while delivering`);
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  redis.disconnect();
  gateway.kill("SIGTERM");
}

// `npm run bench:subscriptions`: 1,000 graphql-ws subscribers on ONE gateway, events published
// to Redis, publish-to-receipt latency (p50, p99), the gateway's RSS and its CPU time per event. Needs the subgraphs and
// Redis of a running supergraph (`npm start` with REDIS_URL set) and the demo customer (`npm run db:seed`).
// It starts its own gateway process (so its RSS is the gateway's alone), with limits raised.
// BENCH_SUBSCRIBERS, BENCH_EVENTS, BENCH_PER_CONNECTION, BENCH_RAMP_MS override the defaults;
// BENCH_CPU_PROF_DIR writes the gateway's CPU profile there (NODE_OPTIONS cannot carry --cpu-prof).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createEnvelope, createRedis, eventNames, ORDER_EVENT, serializeEnvelope, type OrderEventData } from "@shop/events";
import { laptopKeys, serviceNodeOptions } from "@shop/config";
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

const profile = process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF_DIR] : [];
const gateway = spawn(process.execPath, [...profile, "--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"], {
  cwd: `${root}gateway`,
  env: {
    ...process.env,
    NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS),
    GATEWAY_PORT: String(port),
    // The running supergraph's keys (npm start's): its subgraphs answer requests signed with them only.
    ...laptopKeys(`${root}.data/keys.json`),
    // Beside a running gateway, whose metrics port is taken.
    GATEWAY_METRICS_PORT: "0",
    LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL || "error",
    APOLLO_TELEMETRY_DISABLED: "1",
    MAX_SUBSCRIPTIONS_PER_CONNECTION: String(perConnection),
    MAX_CONNECTIONS_PER_USER: String(connections + 10),
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, "utf8"))![1]) / 1024;
// The gateway's user + system CPU time (clock ticks of 10 ms): less sensitive than latency to what else runs on the machine.
const cpuMs = () => {
  const fields = readFileSync(`/proc/${gateway.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

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
  let latencies: number[] = [];
  let received = 0;
  let failed = 0;
  const live = new Set<number>();
  const query = `subscription Track($orderId: ID!) { orderStatusChanged(orderId: $orderId) { id status totalCents user { email } items { quantity product { name } } } }`;
  let subscribed = 0;
  for (let c = 0; c < connections; c++) {
    const client = createClient({ url: url.replace("http", "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    for (let s = 0; s < perConnection && subscribed < subscribers; s++, subscribed++) {
      const subscriber = subscribed;
      client.subscribe(
        { query, variables: { orderId: order.id } },
        {
          next: (result) => {
            const at = performance.now();
            if (result.errors) failed++;
            received++;
            live.add(subscriber);
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
  const publish = (status: OrderEventData["status"]) => {
    const data: OrderEventData = {
      orderId: order.id,
      userId: me.data.me.id,
      status,
      previousStatus: "PENDING",
      reason: null,
      totalCents: order.totalCents,
      currency: order.currency,
      changedAt: new Date().toISOString(),
    };
    sentAt = performance.now();
    return redis.publish(channel, serializeEnvelope(createEnvelope({ type: ORDER_EVENT.STATUS_CHANGED, aggregateId: order.id, schemaVersion: 1, data })));
  };
  // Warm-up, not measured: events until every subscription has delivered one, so all are live (access checked) and the code is hot.
  for (let round = 0; live.size < subscribers; round++) {
    if (round > 60) throw new Error(`only ${live.size} of ${subscribers} subscriptions delivered anything`);
    await publish("PENDING");
    const deadline = Date.now() + 2_000;
    while (live.size < subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  [latencies, received, failed] = [[], 0, 0];
  const rssSubscribed = rssMb();
  const cpuBefore = cpuMs();

  let peakRss = rssSubscribed;
  for (let event = 0; event < events; event++) {
    const before = received;
    await publish("CONFIRMED");
    const deadline = Date.now() + 30_000;
    while (received - before < subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    peakRss = Math.max(peakRss, rssMb());
  }
  const cpuPerEvent = (cpuMs() - cpuBefore) / events;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  console.log(
    `${subscribers} subscribers on ${connections} WebSockets, ${events} events: ${received} payloads (${subscribers * events} expected), ${failed} errors; ` +
      `publish->receipt p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(`gateway RSS: ${rssIdle.toFixed(0)} MB before, ${rssSubscribed.toFixed(0)} MB with the subscriptions, ${peakRss.toFixed(0)} MB peak while delivering`);
  console.log(`gateway CPU: ${cpuPerEvent.toFixed(0)} ms per event (${subscribers} payloads)`);
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  redis.disconnect();
  gateway.kill("SIGTERM");
}

// `npm run chaos`: availability through faults, measured (docs/resilience.md). Starts two
// replicas of every service behind HAProxy, with a PostgreSQL and a Redis of its own, sends the
// SPA's registered operations at a steady rate, and, one after another with recovery in between:
// restarts every replica in turn, kills one replica of each service with SIGKILL, restarts Redis,
// restarts PostgreSQL, and makes the products subgraph slow. Prints per phase what was sent,
// what succeeded, what failed by code, the longest gap without a success and the p99 latency;
// then what the databases say. Writes it all to .data/chaos/<timestamp>.json. Loopback only,
// bounded in time; CHAOS_* variables shorten it (below).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { checkData, outboxDrainSeconds, stockSnapshot } from "./chaos/data-checks.ts";
import { stopChildren } from "./chaos/processes.ts";
import { ADMIN, SERVICES, startTopology, type Topology } from "./chaos/topology.ts";
import { createSubscribers, createTraffic, loadOperations, RETRYABLE, type Sample } from "./chaos/traffic.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`${name} must be a non-negative number (got "${process.env[name]}")`);
    process.exit(1);
  }
  return value;
};
const settings = {
  readsPerSecond: number("CHAOS_READS_PER_SECOND", 100),
  writeIntervalMs: number("CHAOS_WRITE_INTERVAL_MS", 500),
  baselineSeconds: number("CHAOS_BASELINE_SECONDS", 10),
  recoverySeconds: number("CHAOS_RECOVERY_SECONDS", 10),
  slowSeconds: number("CHAOS_SLOW_SECONDS", 20),
  slowMs: number("CHAOS_SLOW_MS", 1000),
  customers: number("CHAOS_CUSTOMERS", 6),
  subscribers: number("CHAOS_SUBSCRIBERS", 4),
  reservationTtlMs: number("CHAOS_RESERVATION_TTL_MS", 15_000),
};

for (const [command, install] of [["haproxy", "haproxy"], ["redis-server", "redis-server"]] as const) {
  try {
    execFileSync(command, [command === "haproxy" ? "-v" : "--version"], { stdio: "ignore" });
  } catch {
    console.error(`npm run chaos needs ${command} (it runs its own): install it with \`apt-get install -y ${install}\` (as .ci/run does), then run it again.`);
    process.exit(1);
  }
}

type PhaseName = string;
interface Phase {
  name: PhaseName;
  /** The fault; resolves once it is over (the replicas are back). */
  inject: (topology: Topology) => Promise<void>;
  /** What item 2 of issue 13 asks of it. */
  target: "rolling" | "kill" | "none";
}

const restartAll = (signal: "SIGTERM" | "SIGKILL", pickReplicas: (replicas: Topology["replicas"]) => Topology["replicas"]) => async (topology: Topology) => {
  for (const replica of pickReplicas(topology.replicas)) await topology.restartReplica(replica, signal);
};
const PHASES: Phase[] = [
  { name: "baseline", target: "none", inject: () => sleep(settings.baselineSeconds * 1000) },
  { name: "rolling restart", target: "rolling", inject: restartAll("SIGTERM", (replicas) => replicas) },
  ...SERVICES.map((service): Phase => ({ name: `kill -9 ${service}`, target: "kill", inject: restartAll("SIGKILL", (replicas) => replicas.filter((replica) => replica.service === service && replica.index === 0)) })),
  { name: "redis restart", target: "none", inject: (topology) => topology.restartRedis(2000) },
  { name: "postgres restart", target: "none", inject: (topology) => topology.restartPostgres(2000) },
  {
    name: `products slow (+${settings.slowMs} ms)`,
    target: "none",
    async inject(topology) {
      topology.productsDelay.setLatency(settings.slowMs);
      await sleep(settings.slowSeconds * 1000);
      topology.productsDelay.setLatency(0);
    },
  },
];

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarize(name: string, samples: Sample[], from: number, to: number) {
  const inPhase = samples.filter((sample) => sample.startedAt >= from && sample.startedAt < to);
  const reads = inPhase.filter((sample) => sample.kind === "read");
  const writes = inPhase.filter((sample) => sample.kind === "write");
  const succeeded = inPhase.filter((sample) => sample.outcome === "ok");
  const failedByCode: Record<string, number> = {};
  for (const sample of inPhase) if (sample.outcome !== "ok") failedByCode[sample.outcome] = (failedByCode[sample.outcome] ?? 0) + 1;
  // The longest stretch in the phase without a successful answer arriving.
  const successTimes = succeeded.map((sample) => sample.endedAt).sort((a, b) => a - b);
  let longestGapMs = 0;
  let previous = from;
  for (const time of [...successTimes, to]) {
    longestGapMs = Math.max(longestGapMs, time - previous);
    previous = Math.max(previous, time);
  }
  const share = (part: Sample[], whole: Sample[]) => (whole.length === 0 ? 100 : (100 * part.length) / whole.length);
  const okOrRetryable = (list: Sample[]) => list.filter((sample) => sample.outcome === "ok" || sample.outcome === RETRYABLE);
  return {
    name,
    seconds: Number(((to - from) / 1000).toFixed(1)),
    sent: inPhase.length,
    succeeded: succeeded.length,
    failedByCode,
    non2xx: inPhase.filter((sample) => sample.httpStatus !== undefined && (sample.httpStatus < 200 || sample.httpStatus > 299)).length,
    readsSucceededPercent: Number(share(reads.filter((sample) => sample.outcome === "ok"), reads).toFixed(3)),
    readsOkOrRetryablePercent: Number(share(okOrRetryable(reads), reads).toFixed(3)),
    writesOkOrRetryablePercent: Number(share(okOrRetryable(writes), writes).toFixed(3)),
    allOkOrRetryablePercent: Number(share(okOrRetryable(inPhase), inPhase).toFixed(3)),
    longestGapMs: Math.round(longestGapMs),
    p99Ms: Math.round(percentile(inPhase.map((sample) => sample.endedAt - sample.startedAt), 99)),
  };
}
type PhaseSummary = ReturnType<typeof summarize>;

function meetsTarget(phase: Phase, summary: PhaseSummary): boolean | null {
  if (phase.target === "rolling") return summary.readsOkOrRetryablePercent >= 99.9 && summary.writesOkOrRetryablePercent === 100 && summary.non2xx === 0;
  if (phase.target === "kill") return summary.allOkOrRetryablePercent >= 99;
  return null;
}

function printPhase(summary: PhaseSummary, met: boolean | null) {
  const failed = Object.entries(summary.failedByCode).map(([code, count]) => `${code} ${count}`).join(", ") || "none";
  const verdict = met === null ? "" : met ? "  [meets target]" : "  [MISSES TARGET]";
  console.log(
    `${summary.name.padEnd(26)} ${String(summary.seconds).padStart(6)} s  sent ${String(summary.sent).padStart(6)}  ok ${String(summary.succeeded).padStart(6)}  ` +
      `reads ok/retryable ${summary.readsOkOrRetryablePercent.toFixed(2).padStart(6)}%  writes ${summary.writesOkOrRetryablePercent.toFixed(2).padStart(6)}%  ` +
      `non-2xx ${summary.non2xx}  gap ${summary.longestGapMs} ms  p99 ${summary.p99Ms} ms${verdict}\n${"".padEnd(28)}failed: ${failed}`,
  );
}

const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
const runDir = `${root}.data/chaos/${stamp}`;
mkdirSync(runDir, { recursive: true });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stopChildren().then(() => process.exit(130)));
}

const resultPath = `${root}.data/chaos/${stamp}.json`;
/** Written after every phase too, so a run cut short still leaves its figures. */
function writeResults(results: Record<string, unknown>) {
  writeFileSync(resultPath, `${JSON.stringify({ startedAt: startedAt.toISOString(), settings, ...results }, null, 2)}\n`);
}

let topology: Topology | undefined;
try {
  console.log(`chaos: starting 2 replicas of ${SERVICES.join(", ")} behind HAProxy, with PostgreSQL and Redis of its own (logs in ${runDir}/logs)`);
  topology = await startTopology({ root, runDir, reservationTtlMs: settings.reservationTtlMs });
  const operations = loadOperations(`${root}schema/persisted-query-manifest.json`);
  const traffic = createTraffic({ gatewayUrl: topology.gatewayUrl, operations, admin: ADMIN });
  await traffic.prepare(settings.customers);
  const initialStock = await stockSnapshot(topology.databaseUrl);
  const subscribers = createSubscribers({ gatewayUrl: topology.gatewayUrl, operations, customers: traffic.customers.slice(0, settings.subscribers), perConnection: 15 });
  traffic.onOrderPlaced((id, customer) => subscribers.follow(id, customer));
  console.log(`chaos: ${settings.readsPerSecond} reads/s and a write every ${settings.writeIntervalMs} ms from ${settings.customers} customers, ${settings.subscribers} subscribers\n`);

  traffic.start(settings.readsPerSecond, settings.writeIntervalMs);
  const phases: (PhaseSummary & { meetsTarget: boolean | null; recovered: boolean })[] = [];
  for (const phase of PHASES) {
    const from = performance.now();
    await phase.inject(topology);
    // On a loaded machine a replica may be slow to pass its checks again: noted, and the run goes on.
    const recovered = await topology.waitUntilUp(topology.replicas.map((replica) => replica.server), 120_000).then(() => true, (error: Error) => (console.log(`chaos: ${error.message}`), false));
    if (phase.name !== "baseline") await sleep(settings.recoverySeconds * 1000);
    const to = performance.now();
    await traffic.settled(to);
    const summary = summarize(phase.name, traffic.samples, from, to);
    const met = meetsTarget(phase, summary);
    printPhase(summary, met);
    phases.push({ ...summary, meetsTarget: met, recovered });
    writeResults({ complete: false, phases });
  }
  await traffic.stop();
  await sleep(1000);
  // Recovered and quiet: how long until every order event has left the outbox.
  const outbox = await outboxDrainSeconds(topology.databaseUrl, 60_000);
  // Reservations with no order are released once older than the TTL (plus a reconciler round).
  console.log(`\nchaos: traffic stopped; waiting ${(settings.reservationTtlMs + 5000) / 1000} s, the reconciliation window, before reading the databases`);
  await sleep(settings.reservationTtlMs + 5000);
  const data = await checkData({ databaseUrl: topology.databaseUrl, initialStock, received: subscribers.received, subscribers: subscribers.subscribedOrders() });
  const subscriberReconnects = subscribers.reconnects();
  await subscribers.close();

  const clientDuplicates = traffic.replays;
  console.log(`
orders       placed ${data.orders.placed} (${Object.entries(data.orders.byStatus).map(([status, count]) => `${status} ${count}`).join(", ")}); duplicates by idempotency key ${data.orders.duplicateIdempotencyKeys}; replayed placeOrder ${clientDuplicates.sent}: same order ${clientDuplicates.sameOrder}, another order ${clientDuplicates.otherOrder}
stock        units taken ${data.stock.unitsTaken}, held by live reservations ${data.stock.unitsHeldByLiveReservations}; oversold units ${data.stock.oversoldUnits}; reservations without an order ${data.stock.reservationsWithoutOrder}; orders without a reservation ${data.stock.ordersWithoutReservation}; cancelled orders still holding stock ${data.stock.cancelledStillHolding}
notifications ${data.notifications.orderEvents} order events on ${data.notifications.ordersWithEvents} orders; orders with exactly one IN_APP per event ${data.notifications.ordersNotifiedExactlyOnce}; missing ${data.notifications.missingNotifications}, extra ${data.notifications.extraNotifications}
outbox       ${outbox.seconds === null ? `NOT drained: ${outbox.pending} events unpublished after 60 s` : `drained ${outbox.seconds} s after the traffic stopped`}
subscribers  ${data.subscribers.filter((subscriber) => subscriber.gotEvery).length} of ${data.subscribers.length} got every event of their orders, once and in order (${data.subscribers.map((subscriber) => `${subscriber.received}/${subscriber.expected} on ${subscriber.orders} orders`).join("; ")}); ${subscriberReconnects} reconnects
client       ${traffic.overloaded()} reads not sent (over 400 in flight)`);

  writeResults({ complete: true, phases, outbox, data, replays: clientDuplicates, subscriberReconnects, readsNotSent: traffic.overloaded() });
  console.log(`\nchaos: results in ${resultPath}`);
  const missed = phases.filter((phase) => phase.meetsTarget === false).map((phase) => phase.name);
  if (missed.length > 0) console.log(`chaos: below target in ${missed.join(", ")}`);
  await topology.stop();
  rmSync(`${runDir}/postgres`, { recursive: true, force: true });
  process.exit(0);
} catch (error) {
  console.error(`chaos failed: ${(error as Error).message} (logs in ${runDir}/logs)`);
  await stopChildren();
  process.exit(1);
}

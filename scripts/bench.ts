// `npm run bench`: the benchmark (docs/performance.md, "The benchmark"). Seeds a realistic shop
// once into databases of its own, starts the supergraph in the production shape (or laptop mode,
// or attaches to a running one), logs every bench customer in, then drives the SPA's registered
// operations in the read and shop mixes: a warm-up, then a measured run each. Prints a table per
// mix and writes everything to a JSON file; exits 1 on any error or oversold unit.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ConfigError, env as field, loadConfig } from "@shop/config";
import { redactUrl } from "@shop/db";
import { readCacheCounters, cacheRatios, type CacheCounters } from "./bench/cache-metrics.ts";
import { runLoad } from "./bench/load.ts";
import { MIX_NAMES, mixRequests, type MixName } from "./bench/mixes.ts";
import { sampleGroups, usageBetween, type StatsSample } from "./bench/process-stats.ts";
import { formatMix, problems, type MixReport } from "./bench/report.ts";
import { seededRandom } from "./bench/sampling.ts";
import { BENCH_SHOP, planShop, removeEarlierRunsOrders, seedShop } from "./bench/shop.ts";
import { loadShopState, restock } from "./bench/shop-state.ts";
import { attachStack, migrateDatabases, startStack, type Stack } from "./bench/stack.ts";
import { settledStockAudit, stockSnapshot } from "./bench/stock-audit.ts";
import { callRegistered, registeredOperations } from "./registered-operations.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const benchEnv = z.object({
  BENCH_MODE: z.enum(["production", "laptop"]).default("production"),
  BENCH_URL: z.url({ protocol: /^https?$/ }).optional(),
  BENCH_CONNECTIONS: field.positiveInt(50),
  BENCH_DURATION: field.positiveInt(30),
  BENCH_WARMUP: z.coerce.number().int().min(0).default(10),
  BENCH_MIXES: z
    .string()
    .default(MIX_NAMES.join(","))
    .transform((value) => value.split(",").map((item) => item.trim()))
    .pipe(z.array(z.enum(MIX_NAMES as [MixName, ...MixName[]])).min(1)),
  BENCH_OUTPUT: z.string().optional(),
  BENCH_SEED: z.coerce.number().int().default(1),
  BENCH_DATABASE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default("shop_bench"),
  BENCH_EVENTS_NAMESPACE: z.string().regex(/^[\w.-]+$/).default("shop-bench"),
  BENCH_LOG_LEVEL: field.logLevel().default("warn"),
});

let config: z.infer<typeof benchEnv>;
try {
  config = loadConfig(benchEnv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(2);
}

// The bench's own databases, events and ports: never a developer's `shop` data or the tests'.
const env: Record<string, string | undefined> = {
  ...process.env,
  POSTGRES_URL: process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432",
  REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379",
  DATABASE_PREFIX: config.BENCH_DATABASE_PREFIX,
  EVENTS_NAMESPACE: config.BENCH_EVENTS_NAMESPACE,
  LOG_LEVEL: config.BENCH_LOG_LEVEL,
  // 200 customers log in from this one address, more than the default per-address limit allows.
  AUTH_LIMIT_PER_ADDRESS: process.env.AUTH_LIMIT_PER_ADDRESS || "1000",
};

// The administrator `npm start` ensures (ADMIN_EMAIL / ADMIN_PASSWORD, the same defaults), who restocks the shop before a shop mix.
const admin = { email: process.env.ADMIN_EMAIL || "admin@shop.local", password: process.env.ADMIN_PASSWORD || "admin-password" };
const plan = planShop(BENCH_SHOP);
let stack: Stack | undefined;

async function stop(code: number): Promise<never> {
  await stack?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(130));

try {
  console.log(`bench: databases ${config.BENCH_DATABASE_PREFIX}_*, events namespace ${config.BENCH_EVENTS_NAMESPACE}`);
  await migrateDatabases(env).catch((error: Error) => {
    throw new Error(`cannot prepare the bench's databases on ${redactUrl(env.POSTGRES_URL!)} (${error.message}): start PostgreSQL or set POSTGRES_URL`);
  });
  const seeded = await seedShop(plan, env);
  console.log(`bench: shop ${seeded} (${plan.products.length} products in ${plan.categories.length} categories, ${plan.customers.length} customers, ${plan.orders.length} orders)`);

  if (config.BENCH_URL) {
    // The shop is left as it is: the running services' caches would keep orders removed under them.
    stack = attachStack(config.BENCH_URL, env);
    console.log(`bench: attached to ${config.BENCH_URL}`);
  } else {
    const removed = await removeEarlierRunsOrders(plan, env);
    if (removed) console.log(`bench: ${removed} orders placed by earlier runs removed, so this run reads the seeded shop`);
    console.log(`bench: starting the supergraph (${config.BENCH_MODE === "laptop" ? "laptop mode: every service in one process" : "production shape: one process per service on Redis"})…`);
    stack = await startStack(config.BENCH_MODE, env);
  }

  // The SPA sends an operation's id alone, which a gateway with the safelist accepts; one without it needs the text too.
  let operations = registeredOperations();
  await callRegistered(stack.gatewayUrl, operations, "Categories").catch((error: Error & { code?: string }) => {
    if (error.message === "fetch failed") throw new Error(`cannot reach the gateway at ${stack!.gatewayUrl}: start the supergraph, or unset BENCH_URL for the bench to start one`);
    if (error.code !== "PERSISTED_QUERY_NOT_FOUND") throw error;
    console.log("bench: this gateway has no operation safelist (OPERATION_SAFELIST), so requests carry the operation's text");
    operations = registeredOperations({ withText: true });
  });
  for (const missing of stack.missing) console.log(`bench: no CPU figures for ${missing}`);

  const shop = await loadShopState(stack.gatewayUrl, operations, plan.customers, env);
  console.log(`bench: ${shop.customers.length} customers logged in; ${shop.productIds.length} products in ${shop.categories.length} categories`);

  const random = seededRandom(config.BENCH_SEED);
  const reports: MixReport[] = [];
  for (const mix of config.BENCH_MIXES) {
    console.log(`bench: ${mix} mix, ${config.BENCH_WARMUP} s warm-up then ${config.BENCH_DURATION} s measured…`);
    if (mix === "shop") {
      const restocked = await restock(stack.gatewayUrl, operations, admin, plan.products, env);
      if (restocked) console.log(`bench: ${restocked} products' stock set back to the seeded stock (AdjustStock as ${admin.email})`);
    }
    const stockBefore = mix === "shop" ? await stockSnapshot(env) : undefined;
    let statsBefore: StatsSample = {};
    let cacheBefore: Promise<CacheCounters> = Promise.resolve({});
    let measureStartedAt = 0;
    const load = await runLoad({
      url: stack.gatewayUrl,
      connections: config.BENCH_CONNECTIONS,
      warmupSeconds: config.BENCH_WARMUP,
      durationSeconds: config.BENCH_DURATION,
      staggerMs: 100,
      random,
      next: mixRequests(mix, shop, operations, random),
      onMeasureStart: () => {
        measureStartedAt = performance.now();
        statsBefore = sampleGroups(stack!.processes);
        cacheBefore = readCacheCounters(stack!.metricsUrls);
      },
    });
    const statsAfter = sampleGroups(stack.processes);
    const wallMicros = (performance.now() - measureStartedAt) * 1000;
    const cache = cacheRatios(await cacheBefore, await readCacheCounters(stack.metricsUrls));
    const report: MixReport = {
      mix,
      connections: config.BENCH_CONNECTIONS,
      warmupSeconds: config.BENCH_WARMUP,
      load,
      cache,
      processes: usageBetween(statsBefore, statsAfter, wallMicros, load.requests),
      ...(stockBefore ? { stock: await settledStockAudit(stockBefore, env) } : {}),
    };
    reports.push(report);
    console.log(`\n${formatMix(report)}\n`);
  }

  const output = resolve(ROOT, config.BENCH_OUTPUT || `.data/bench/${new Date().toISOString().replaceAll(":", "-")}.json`);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(
    output,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        commit: execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(),
        mode: stack.mode === "attach" ? `attach ${stack.gatewayUrl}` : stack.mode,
        machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage: loadavg() },
        settings: { connections: config.BENCH_CONNECTIONS, durationSeconds: config.BENCH_DURATION, warmupSeconds: config.BENCH_WARMUP, seed: config.BENCH_SEED },
        shop: { products: shop.productIds.length, categories: shop.categories.length, customers: shop.customers.length, seededOrders: plan.orders.length },
        mixes: reports,
      },
      null,
      2,
    ),
  );
  console.log(`bench: results in ${output}`);
  const failed = problems(reports);
  for (const problem of failed) console.error(`bench: FAILED: ${problem}`);
  await stop(failed.length ? 1 : 0);
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  await stop(1);
}

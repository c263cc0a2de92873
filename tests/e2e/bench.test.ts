// `npm run bench` end to end, briefly: its own shop seeded into databases of its own, the
// supergraph started in the production shape, both mixes run, and a report that says 0 errors,
// 0 oversold units and CPU for every process. No figure is judged here: the machine is shared.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { queryRows } from "../../scripts/bench/db.ts";
import { BENCH_SHOP, planShop, removeEarlierRunsOrders } from "../../scripts/bench/shop.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("seeds its shop, starts the supergraph, runs the read and shop mixes and reports every process", { timeout: 600_000 }, async () => {
  const output = join(mkdtempSync(join(tmpdir(), "bench-")), "result.json");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench.ts"], {
    cwd: root,
    env: {
      ...process.env,
      // Databases and streams apart from the other tests' and from a developer's bench.
      BENCH_DATABASE_PREFIX: `${process.env.DATABASE_PREFIX}_bench`,
      BENCH_EVENTS_NAMESPACE: `${process.env.EVENTS_NAMESPACE}-bench`,
      BENCH_CONNECTIONS: "4",
      BENCH_WARMUP: "1",
      BENCH_DURATION: "3",
      BENCH_OUTPUT: output,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout.on("data", (chunk) => (printed += chunk));
  child.stderr.on("data", (chunk) => (printed += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code, printed).toBe(0);
  expect(printed).toMatch(/shop (already )?seeded \(2400 products in 12 categories, 200 customers, 2400 orders\)/);
  expect(printed).toContain("200 customers logged in");

  const result = JSON.parse(readFileSync(output, "utf8"));
  expect(result.mode).toBe("production");
  expect(result.shop.products).toBeGreaterThanOrEqual(2400);
  expect(result.mixes.map((mix: { mix: string }) => mix.mix)).toEqual(["read", "shop"]);
  for (const mix of result.mixes) {
    expect(mix.load.requests).toBeGreaterThan(0);
    expect(mix.load.errors.total).toBe(0);
    expect(mix.load.latency.p99).toBeGreaterThan(0);
    const processes = Object.fromEntries(mix.processes.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(processes).sort()).toEqual(["gateway", "load generator", "notifications", "orders", "postgres", "products", "redis", "users"]);
    for (const name of ["gateway", "products", "load generator"]) expect(processes[name].cpuMicrosPerRequest).toBeGreaterThan(0);
    expect(processes.postgres.processes).toBeGreaterThan(1);
  }
  const shop = result.mixes[1];
  expect(Object.keys(shop.load.operations)).toEqual(expect.arrayContaining(["Catalogue", "Product"]));
  expect(shop.stock).toMatchObject({ oversoldUnits: 0, negativeStockProducts: 0, unaccountedUnits: 0 });

  // The next run starts from the seeded shop again: what this one's shop mix placed goes.
  const benchEnv = { ...process.env, DATABASE_PREFIX: `${process.env.DATABASE_PREFIX}_bench` };
  const plan = planShop(BENCH_SHOP);
  const countOf = async (name: "orders" | "products", sql: string) =>
    Number((await queryRows<{ count: string }>(databaseUrlFor(name, benchEnv), sql, [plan.orders.map((order) => order.id)]))[0]!.count);
  const placedOrders = "SELECT count(*) FROM orders WHERE NOT (id = ANY($1::uuid[]))";
  const theirReservations = "SELECT count(*) FROM stock_reservations WHERE NOT (order_id = ANY($1::uuid[]))";
  expect(await countOf("orders", placedOrders)).toBeGreaterThan(0);
  expect(await countOf("products", theirReservations)).toBeGreaterThan(0);
  // Their stock comes back with them: otherwise the demo orders `npm start` places each run use it up.
  const theirUnits = `SELECT coalesce(sum(line.quantity), 0) AS count FROM stock_reservation_lines line JOIN stock_reservations r USING (order_id)
    WHERE r.status <> 'RELEASED' AND NOT (r.order_id = ANY($1::uuid[]))`;
  const unitsHeld = await countOf("products", theirUnits);
  expect(unitsHeld).toBeGreaterThan(0);
  const totalStock = async () => Number((await queryRows<{ total: string }>(databaseUrlFor("products", benchEnv), "SELECT sum(stock) AS total FROM products"))[0]!.total);
  const stockBefore = await totalStock();
  expect(await removeEarlierRunsOrders(plan, benchEnv)).toBeGreaterThan(0);
  expect(await countOf("orders", placedOrders)).toBe(0);
  expect(await countOf("products", theirReservations)).toBe(0);
  expect(await totalStock()).toBe(stockBefore + unitsHeld);
  expect(await countOf("orders", "SELECT count(*) FROM orders WHERE id = ANY($1::uuid[])")).toBe(plan.orders.length);
});

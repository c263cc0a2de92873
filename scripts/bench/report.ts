// The bench's output: a table per mix on the terminal, everything in one JSON file.
import type { CacheRatio } from "./cache-metrics.ts";
import type { LoadResult } from "./load.ts";
import { LOAD_GENERATOR, type GroupUsage } from "./process-stats.ts";
import type { StockAudit } from "./stock-audit.ts";

export interface MixReport {
  mix: string;
  connections: number;
  warmupSeconds: number;
  load: LoadResult;
  /** By counter name; empty when no service exposes a cache counter. */
  cache: Record<string, CacheRatio>;
  processes: GroupUsage[];
  /** The shop mix only: whether it sold more than there was. */
  stock?: StockAudit;
}

/** The load generator is one Node process: near a full core, it, not the supergraph, sets the pace. */
const LOAD_GENERATOR_BUSY_PERCENT = 80;

const integer = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(1));
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => "    " + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), ...rows.map(line)];
}

export function formatMix(report: MixReport): string {
  const { load } = report;
  const lines = [
    `${report.mix} mix: ${report.connections} connections, ${load.seconds.toFixed(1)} s measured after a ${report.warmupSeconds} s warm-up`,
    `  throughput   ${integer(load.requestsPerSecond)} req/s (${integer(load.requests)} requests)`,
    `  latency      mean ${ms(load.latency.mean)} ms, p50 ${ms(load.latency.p50)}, p95 ${ms(load.latency.p95)}, p99 ${ms(load.latency.p99)}, max ${ms(load.latency.max)} ms`,
    `  errors       ${load.errors.total} (non-2xx ${load.errors.non2xx}, GraphQL errors ${load.errors.graphql}, connection ${load.errors.transport})`,
    ...load.errors.examples.map((example) => `                 e.g. ${example}`),
  ];
  const accepted = Object.entries(load.accepted);
  if (accepted.length) lines.push(`  refused      ${accepted.map(([code, count]) => `${code} ${count}`).join(", ")} (correct answers, not errors)`);
  const caches = Object.entries(report.cache);
  lines.push(
    caches.length === 0
      ? "  cache hits   n/a (no service exposes a *cache_requests_total counter)"
      : `  cache hits   ${caches
          .map(([name, { hitRatio, counts }]) => `${name}: ${hitRatio === null ? "n/a" : percent(hitRatio)} (${Object.entries(counts).map(([result, n]) => `${result} ${n}`).join(", ")})`)
          .join("; ")}`,
  );
  if (report.stock) {
    const s = report.stock;
    lines.push(
      `  stock        oversold ${s.oversoldUnits} units (${s.oversoldProducts} products), negative stock ${s.negativeStockProducts} products, ` +
        `net units sold ${s.unitsSold}, unaccounted ${s.unaccountedUnits}`,
    );
  }
  lines.push("  per operation");
  lines.push(
    ...table(
      ["operation", "requests", "mean ms", "p50", "p95", "p99", "errors", "refused"],
      Object.entries(load.operations)
        .sort((a, b) => b[1].requests - a[1].requests)
        .map(([name, o]) => [name, integer(o.requests), ms(o.latency.mean), ms(o.latency.p50), ms(o.latency.p95), ms(o.latency.p99), String(o.errors), String(o.accepted)]),
    ),
  );
  lines.push("  per process");
  lines.push(
    ...table(
      ["process", "CPU %", "CPU µs/request", "peak RSS MB", "processes"],
      report.processes.map((p) => [p.name, p.cpuPercent.toFixed(1), integer(p.cpuMicrosPerRequest), p.peakRssMb.toFixed(0), String(p.processes)]),
    ),
  );
  const generator = report.processes.find((p) => p.name === LOAD_GENERATOR);
  if (generator && generator.cpuPercent > LOAD_GENERATOR_BUSY_PERCENT) {
    lines.push(`  note         the load generator used ${generator.cpuPercent.toFixed(0)} % of a core: these figures may be its limit, not the supergraph's`);
  }
  return lines.join("\n");
}

/** What makes a run fail (exit code 1): errors, or units sold that were not there. */
export function problems(reports: readonly MixReport[]): string[] {
  return reports.flatMap((report) => [
    ...(report.load.errors.total > 0 ? [`${report.mix} mix: ${report.load.errors.total} errors`] : []),
    ...(report.load.requests === 0 ? [`${report.mix} mix: no request was measured`] : []),
    ...(report.stock && (report.stock.oversoldUnits > 0 || report.stock.negativeStockProducts > 0)
      ? [`${report.mix} mix: ${report.stock.oversoldUnits} units oversold, ${report.stock.negativeStockProducts} products with negative stock`]
      : []),
  ]);
}

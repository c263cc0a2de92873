import { describe, expect, it } from "vitest";
import { summarizeLatencies } from "./latency.ts";
import { formatMix, problems, type MixReport } from "./report.ts";

function report(overrides: Partial<MixReport> = {}): MixReport {
  return {
    mix: "shop",
    connections: 50,
    warmupSeconds: 10,
    load: {
      seconds: 30,
      requests: 31_500,
      requestsPerSecond: 1050,
      latency: summarizeLatencies([10, 20, 30, 95]),
      errors: { total: 0, non2xx: 0, graphql: 0, transport: 0, examples: [] },
      accepted: { OUT_OF_STOCK: 3 },
      operations: { Catalogue: { requests: 12_600, errors: 0, accepted: 0, latency: summarizeLatencies([10]) } },
    },
    cache: { gateway_response_cache_requests_total: { hitRatio: 0.75, counts: { hit: 3, miss: 1 } } },
    processes: [{ name: "gateway", cpuPercent: 85.04, cpuMicrosPerRequest: 810.4, peakRssMb: 210.2, processes: 1 }],
    stock: { oversoldUnits: 0, oversoldProducts: 0, negativeStockProducts: 0, unitsSold: 1234, unaccountedUnits: 0 },
    ...overrides,
  };
}

describe("formatMix", () => {
  it("prints throughput, latency, errors, cache hits, stock and every process", () => {
    const text = formatMix(report());
    expect(text).toContain("1,050 req/s (31,500 requests)");
    expect(text).toContain("mean 38.8 ms, p50 20.0, p95 95.0, p99 95.0");
    expect(text).toContain("errors       0 (non-2xx 0, GraphQL errors 0, connection 0)");
    expect(text).toContain("OUT_OF_STOCK 3 (correct answers, not errors)");
    expect(text).toContain("gateway_response_cache_requests_total: 75.0 % (hit 3, miss 1)");
    expect(text).toContain("oversold 0 units (0 products), negative stock 0 products, net units sold 1234");
    expect(text).toMatch(/gateway\s+85\.0\s+810\s+210\s+1/);
    expect(formatMix(report({ cache: {} }))).toContain("cache hits   n/a");
    expect(text).not.toContain("note");
  });

  it("says when the load generator was busy enough to be the limit", () => {
    const busy = formatMix(report({ processes: [{ name: "load generator", cpuPercent: 93, cpuMicrosPerRequest: 880, peakRssMb: 190, processes: 1 }] }));
    expect(busy).toContain("the load generator used 93 % of a core");
  });
});

describe("problems", () => {
  it("fails a run with errors or oversold units, not one with refused orders", () => {
    expect(problems([report()])).toEqual([]);
    const failing = report();
    failing.load.errors.total = 2;
    failing.stock!.oversoldUnits = 4;
    expect(problems([failing])).toEqual(["shop mix: 2 errors", "shop mix: 4 units oversold, 0 products with negative stock"]);
  });
});

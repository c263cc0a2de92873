import http from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { cacheRatios, parseCacheCounters, readCacheCounters } from "./cache-metrics.ts";

describe("cache hit ratios", () => {
  it("reads prom-client's counters from a real /metrics endpoint and turns two readings into hit ratios", async () => {
    const registry = new Registry();
    const cache = new Counter({ name: "gateway_response_cache_requests_total", help: "lookups", labelNames: ["result", "operation"], registers: [registry] });
    new Counter({ name: "http_requests_total", help: "other", labelNames: ["result"], registers: [registry] }).inc({ result: "hit" });
    cache.inc({ result: "hit", operation: "Product" }, 3);
    cache.inc({ result: "miss", operation: "Product" }, 1);
    const server = http.createServer(async (_request, response) => response.end(await registry.metrics()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    try {
      const before = await readCacheCounters([url, "http://127.0.0.1:1/metrics"]);
      expect(before).toEqual({ gateway_response_cache_requests_total: { hit: 3, miss: 1 } });
      cache.inc({ result: "hit", operation: "Product" }, 6);
      cache.inc({ result: "hit", operation: "Catalogue" }, 2);
      cache.inc({ result: "miss", operation: "Catalogue" }, 1);
      cache.inc({ result: "bypass", operation: "Me" }, 1);
      const ratios = cacheRatios(before, await readCacheCounters([url]));
      expect(ratios).toEqual({ gateway_response_cache_requests_total: { hitRatio: 0.8, counts: { hit: 8, miss: 1, bypass: 1 } } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("has no ratio without a cache counter, or without lookups", () => {
    expect(cacheRatios({}, parseCacheCounters("# nothing\nhttp_requests_total 4\n"))).toEqual({});
    const still = parseCacheCounters('x_cache_requests_total{result="miss"} 2\n');
    expect(cacheRatios(still, still)).toEqual({ x_cache_requests_total: { hitRatio: null, counts: { miss: 0 } } });
  });
});

import { describe, expect, it } from "vitest";
import { percentile, summarizeLatencies } from "./latency.ts";

describe("summarizeLatencies", () => {
  it("gives the mean and nearest-rank percentiles whatever the order of the samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(summarizeLatencies(samples)).toEqual({ count: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it("shows a slow tail in p99 but not in p50", () => {
    const samples = [...new Array(990).fill(5), ...new Array(10).fill(500)];
    const summary = summarizeLatencies(samples);
    expect(summary.p50).toBe(5);
    expect(summary.p99).toBe(5);
    expect(summary.max).toBe(500);
    expect(summarizeLatencies([...samples, 500]).p99).toBe(500);
    expect(summary.mean).toBeCloseTo(9.95, 5);
  });

  it("is NaN for no samples, and a single sample is every percentile", () => {
    expect(summarizeLatencies([]).mean).toBeNaN();
    expect(percentile([], 50)).toBeNaN();
    expect(summarizeLatencies([7])).toEqual({ count: 1, mean: 7, p50: 7, p95: 7, p99: 7, max: 7 });
  });
});

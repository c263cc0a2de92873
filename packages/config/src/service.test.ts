import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVICE_HEAP_LIMIT_MB, serviceNodeOptions } from "./service.ts";

/** The heap limit (MB) a node process started with these NODE_OPTIONS has. */
function heapLimitMb(nodeOptions: string): number {
  const script = "console.log(require('node:v8').getHeapStatistics().heap_size_limit)";
  const bytes = Number(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, NODE_OPTIONS: nodeOptions }, encoding: "utf8" }));
  return bytes / 2 ** 20;
}

describe("a service process's NODE_OPTIONS", () => {
  it("give it the heap limit, and the caller's own NODE_OPTIONS the last word", () => {
    // V8 adds its young generation to the old space limit it was given.
    const own = heapLimitMb(serviceNodeOptions(undefined));
    expect(own).toBeGreaterThanOrEqual(SERVICE_HEAP_LIMIT_MB);
    expect(own).toBeLessThan(SERVICE_HEAP_LIMIT_MB + 100);
    const callers = heapLimitMb(serviceNodeOptions("--max-old-space-size=2048"));
    expect(callers).toBeGreaterThanOrEqual(2048);
    expect(callers).toBeLessThan(2148);
  });
});

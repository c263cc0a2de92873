import { context, trace, TraceFlags } from "@opentelemetry/api";
import { useInMemoryTracing, type InMemoryTracing } from "@shop/tracing/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "./index.ts";

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = useInMemoryTracing();
});
afterAll(() => tracing.stop());

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ service: "orders", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}

describe("trace ids in log lines", () => {
  it("carry the active span's trace and span id", () => {
    const { lines, logger } = capture();
    const ids = trace.getTracer("test").startActiveSpan("request", (span) => {
      logger.info("inside");
      span.end();
      return span.spanContext();
    });
    expect(lines[0]).toMatchObject({ msg: "inside", trace_id: ids.traceId, span_id: ids.spanId });
  });

  it("are left out without a recording span", () => {
    const { lines, logger } = capture();
    logger.info("outside any span");
    // A caller's context that was not sampled: propagated, but nothing is recorded.
    const unsampled = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.NONE });
    context.with(trace.setSpan(context.active(), unsampled), () => logger.info("in an unsampled trace"));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toHaveProperty("trace_id");
      expect(line).not.toHaveProperty("span_id");
    }
  });
});

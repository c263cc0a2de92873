import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { useInMemoryTracing, type InMemoryTracing } from "@shop/tracing/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEnvelope, type EventEnvelope } from "./envelope.ts";
import { currentTraceContext, tracedHandler } from "./trace-context.ts";

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = useInMemoryTracing();
});
afterAll(() => tracing.stop());
let finishedBefore = 0;
beforeEach(() => {
  finishedBefore = tracing.spans().length;
});
const newSpans = () => tracing.spans().slice(finishedBefore);

const envelopeWith = (fields: Partial<EventEnvelope>) =>
  createEnvelope({ type: "order.status_changed", aggregateId: "0b4f7a9e-8d6c-4c1b-9a3e-2f1d5c6b7a80", schemaVersion: 1, data: {}, ...fields });

describe("currentTraceContext", () => {
  it("is the active span's traceparent, and empty outside a span", () => {
    expect(currentTraceContext()).toEqual({});
    const { fields, ids } = trace.getTracer("test").startActiveSpan("mutation", (span) => {
      span.end();
      return { fields: currentTraceContext(), ids: span.spanContext() };
    });
    expect(fields).toEqual({ traceparent: `00-${ids.traceId}-${ids.spanId}-01` });
  });
});

describe("tracedHandler", () => {
  it("handles an event in a consumer span continuing the trace the envelope carries", async () => {
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const envelope = envelopeWith({ traceparent, tracestate: "shop=1" });
    let active: string | undefined;
    await tracedHandler("redis", "notifications", async () => {
      active = trace.getActiveSpan()?.spanContext().traceId;
    })(envelope);

    const [span] = newSpans();
    expect(active).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span).toMatchObject({ name: "process order.status_changed", kind: SpanKind.CONSUMER });
    expect(span!.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span!.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(span!.spanContext().traceState?.get("shop")).toBe("1");
    expect(span!.attributes).toMatchObject({ "messaging.system": "redis", "messaging.consumer.group.name": "notifications", "messaging.message.id": envelope.id });
  });

  it("starts a trace of its own for an event without trace context", async () => {
    await tracedHandler("in-process", "products", async () => {})(envelopeWith({}));
    const [span] = newSpans();
    expect(span!.parentSpanContext).toBeUndefined();
    expect(span!.spanContext().traceId).not.toBe("0af7651916cd43dd8448eb211c80319c");
  });

  it("marks the span failed and rethrows, so the consumer retries the event", async () => {
    const failure = new Error("users service unavailable");
    await expect(tracedHandler("redis", "notifications", async () => Promise.reject(failure))(envelopeWith({}))).rejects.toBe(failure);
    const [span] = newSpans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.map((event) => event.name)).toEqual(["exception"]);
  });
});

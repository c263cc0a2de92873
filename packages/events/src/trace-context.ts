import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { EventEnvelope } from "./envelope.ts";

type TraceFields = Pick<EventEnvelope, "traceparent" | "tracestate">;

/**
 * The W3C trace context of the work in progress, to store with an event written now (the
 * outbox row), so that whoever handles the event later continues the same trace. Empty
 * when tracing is off.
 */
export function currentTraceContext(): TraceFields {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

const tracer = trace.getTracer("@shop/events");

/**
 * Wraps a consumer group's `handle` so each event is handled in a span whose parent is the
 * trace context carried by the envelope: the work an event causes (a notification, a stock
 * release) joins the trace of the change that caused it. Every bus adapter's `consume` applies it.
 */
export function tracedHandler(system: "redis" | "in-process", group: string, handle: (envelope: EventEnvelope) => Promise<void>): (envelope: EventEnvelope) => Promise<void> {
  return (envelope) => {
    const carrier: Record<string, string> = {};
    if (envelope.traceparent) carrier.traceparent = envelope.traceparent;
    if (envelope.tracestate) carrier.tracestate = envelope.tracestate;
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const attributes = {
      "messaging.system": system,
      "messaging.operation.type": "process",
      "messaging.consumer.group.name": group,
      "messaging.message.id": envelope.id,
    };
    return tracer.startActiveSpan(`process ${envelope.type}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
      try {
        await handle(envelope);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { IORedisInstrumentation } from "@opentelemetry/instrumentation-ioredis";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { isTracingRunning, setRunningTracing } from "./lifecycle.ts";
import { createSampler } from "./sampler.ts";
import type { TracingSettings } from "./settings.ts";

function createInstrumentations() {
  return [
    new HttpInstrumentation({
      // Probes and scrapes would otherwise be most of the traces.
      ignoreIncomingRequestHook: (request) => /^\/(healthz|readyz|metrics)\b/.test(request.url ?? ""),
    }),
    // Node's fetch (undici): the gateway's subgraph fetches, and with them the traceparent header.
    new UndiciInstrumentation(),
    new ExpressInstrumentation(),
    // One span per parse, validate and execute, none per resolver; never argument values.
    new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true, allowValues: false }),
    // Statements with placeholders, never parameter values; only inside a request or an event's
    // handling, so the outbox relay's and delivery worker's polls do not make a trace each.
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    // Spans only under a parent (its default): the consumers' blocking stream reads make none.
    // Statements keep keys and channels, never values or payloads.
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}

/**
 * Starts the OpenTelemetry SDK: spans of the instrumented libraries, W3C trace context in
 * and out, batches sent over OTLP/HTTP (JSON). Does nothing without an endpoint. Metrics and
 * logs stay with prom-client and pino: the SDK exports traces only.
 */
export function startTracing(settings: TracingSettings): boolean {
  if (!settings.tracesUrl || isTracingRunning()) return false;
  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    sampler: createSampler(settings.sampler, settings.samplerRatio),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }), { scheduledDelayMillis: settings.batchDelayMs }),
    ],
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new W3CTraceContextPropagator(),
    instrumentations: createInstrumentations(),
  });
  sdk.start();
  setRunningTracing(sdk);
  return true;
}

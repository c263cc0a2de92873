import { basename } from "node:path";
import { z } from "zod";
import { loadConfig, tracingEnv, type TRACES_SAMPLERS } from "@shop/config";

export type SamplerName = (typeof TRACES_SAMPLERS)[number];

export interface TracingSettings {
  /** Where OTLP/HTTP traces go; undefined turns tracing off altogether. */
  tracesUrl: string | undefined;
  serviceName: string;
  sampler: SamplerName;
  samplerRatio: number;
  batchDelayMs: number;
}

/**
 * Reads the OTEL_* variables. A service is started from its workspace folder (gateway,
 * subgraphs/orders, ...), so that folder's name is the default service name.
 */
export function readTracingSettings(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): TracingSettings {
  const env = loadConfig(z.object(tracingEnv), source);
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    // The variable names the collector's base URL; the traces signal has its own path under it.
    tracesUrl: endpoint ? new URL("v1/traces", endpoint.endsWith("/") ? endpoint : `${endpoint}/`).toString() : undefined,
    serviceName: env.OTEL_SERVICE_NAME ?? basename(cwd),
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG,
    batchDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}

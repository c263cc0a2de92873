import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler } from "@opentelemetry/sdk-trace-base";
import type { SamplerName } from "./settings.ts";

/**
 * The sampler OTEL_TRACES_SAMPLER names. The parent-based ones follow the caller's decision
 * (the gateway's, or the client's traceparent), so a trace is kept or dropped as a whole
 * across services; only a root decides by itself.
 */
export function createSampler(name: SamplerName, ratio: number): Sampler {
  const root = (kind: string): Sampler =>
    kind === "always_off" ? new AlwaysOffSampler() : kind === "traceidratio" ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler();
  return name.startsWith("parentbased_") ? new ParentBasedSampler({ root: root(name.slice("parentbased_".length)) }) : root(name);
}

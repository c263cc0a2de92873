import { ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Context } from "@opentelemetry/api";
import { SamplingDecision } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { createSampler } from "./sampler.ts";
import type { SamplerName } from "./settings.ts";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

function withParent(sampled: boolean): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: "b7ad6b7169203331", traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true });
}

/** Whether a span would be recorded and sampled: as a root, under a sampled parent, under an unsampled one. */
function decisions(name: SamplerName, ratio = 1) {
  const sampler = createSampler(name, ratio);
  const sampled = (context: Context) => sampler.shouldSample(context, TRACE_ID, "span", SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED;
  return { root: sampled(ROOT_CONTEXT), sampledParent: sampled(withParent(true)), unsampledParent: sampled(withParent(false)) };
}

describe("createSampler", () => {
  it("follows the caller's decision by default", () => {
    expect(decisions("parentbased_always_on")).toEqual({ root: true, sampledParent: true, unsampledParent: false });
    expect(decisions("parentbased_always_off")).toEqual({ root: false, sampledParent: true, unsampledParent: false });
  });

  it("samples roots by ratio with the traceidratio samplers", () => {
    expect(decisions("parentbased_traceidratio", 0)).toEqual({ root: false, sampledParent: true, unsampledParent: false });
    expect(decisions("parentbased_traceidratio", 1)).toEqual({ root: true, sampledParent: true, unsampledParent: false });
    expect(decisions("traceidratio", 0)).toEqual({ root: false, sampledParent: false, unsampledParent: false });
  });

  it("ignores the parent with the plain samplers", () => {
    expect(decisions("always_on")).toEqual({ root: true, sampledParent: true, unsampledParent: true });
    expect(decisions("always_off")).toEqual({ root: false, sampledParent: false, unsampledParent: false });
  });
});

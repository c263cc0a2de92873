import { describe, expect, it } from "vitest";
import { ConfigError } from "@shop/config";
import { readTracingSettings } from "./settings.ts";

describe("readTracingSettings", () => {
  it("is off without an endpoint, and names the service after its workspace folder", () => {
    expect(readTracingSettings({}, "/app/subgraphs/orders")).toEqual({
      tracesUrl: undefined,
      serviceName: "orders",
      sampler: "parentbased_always_on",
      samplerRatio: 1,
      batchDelayMs: 5000,
    });
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "" }, "/app/gateway").tracesUrl).toBeUndefined();
  });

  it("sends traces to <endpoint>/v1/traces, under any path the endpoint has", () => {
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318" }).tracesUrl).toBe("http://jaeger:4318/v1/traces");
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://collector.example/otlp/" }).tracesUrl).toBe("https://collector.example/otlp/v1/traces");
  });

  it("takes the service name, sampler and batch delay from the environment", () => {
    const settings = readTracingSettings(
      { OTEL_SERVICE_NAME: "orders-canary", OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25", OTEL_BSP_SCHEDULE_DELAY: "100" },
      "/app/subgraphs/orders",
    );
    expect(settings).toMatchObject({ serviceName: "orders-canary", sampler: "parentbased_traceidratio", samplerRatio: 0.25, batchDelayMs: 100 });
  });

  it("refuses bad values with a message naming each variable", () => {
    const bad = { OTEL_EXPORTER_OTLP_ENDPOINT: "jaeger:4318", OTEL_TRACES_SAMPLER: "sometimes", OTEL_TRACES_SAMPLER_ARG: "2" };
    expect(() => readTracingSettings(bad)).toThrow(ConfigError);
    expect(() => readTracingSettings(bad)).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT is invalid: must be an http\(s\) URL/);
    expect(() => readTracingSettings(bad)).toThrow(/OTEL_TRACES_SAMPLER is invalid: must be one of always_on, .*parentbased_traceidratio/);
    expect(() => readTracingSettings(bad)).toThrow(/OTEL_TRACES_SAMPLER_ARG is invalid: must be a ratio from 0 to 1/);
  });
});

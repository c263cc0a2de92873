// The register module as services load it: `--import @shop/tracing/register` in a process of its own.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "./testing.ts";

const packageFolder = fileURLToPath(new URL("..", import.meta.url));

// ioredis imported from an ES module, as the services import it; a span is open around the command.
const SCRIPT = `
import { trace } from "@opentelemetry/api";
import { Redis } from "ioredis";
import { shutdownTracing } from "@shop/tracing";
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { lazyConnect: true });
await trace.getTracer("register-test").startActiveSpan("work", async (span) => {
  await redis.connect();
  await redis.ping();
  console.log(JSON.stringify({ recording: span.isRecording(), provider: trace.getTracerProvider().getDelegate().constructor.name }));
  span.end();
});
redis.disconnect();
await shutdownTracing();
`;

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "@shop/tracing/register", "--input-type=module", "-e", SCRIPT], {
    cwd: packageFolder,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "", OTEL_SERVICE_NAME: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.stop());

describe("@shop/tracing/register", () => {
  it("installs nothing without an endpoint: no tracer provider, no recording spans", async () => {
    const { code, output } = await run({});
    expect(code).toBe(0);
    expect(JSON.parse(output)).toEqual({ recording: false, provider: "NoopTracerProvider" });
  });

  it("exports spans of an ES module's ioredis calls to the endpoint, flushed by shutdownTracing", async () => {
    const { code, output } = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    expect(code, output).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ recording: true });
    // Sent before the process exited: shutdownTracing flushed the batch.
    const work = receiver.spans.find((span) => span.name === "work");
    expect(work?.service).toBe("tracing"); // the folder it ran in
    const ping = receiver.spans.find((span) => span.scope === "@opentelemetry/instrumentation-ioredis" && span.name === "ping");
    expect(ping?.traceId).toBe(work?.traceId);
    expect(ping?.parentSpanId).toBe(work?.spanId);
  });

  it("stops the process with a message naming a bad variable", async () => {
    const { code, output } = await run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER: "sometimes" });
    expect(code).toBe(1);
    expect(output).toContain("OTEL_TRACES_SAMPLER is invalid");
    expect(output).not.toMatch(/\n\s+at /);
  });
});

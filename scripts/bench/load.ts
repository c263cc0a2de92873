// The load loop: N connections of one undici Pool, each a worker that sends its next request as
// soon as the last one is answered (no think time), starting at its own random moment so that
// the connections are out of step. Requests that start during the warm-up are not measured.
import { Pool } from "undici";
import { summarizeLatencies, type LatencySummary } from "./latency.ts";
import type { Random } from "./sampling.ts";

export interface BenchRequest {
  operation: string;
  body: string;
  token?: string;
  /** Codes of GraphQL errors that are a correct answer here (OUT_OF_STOCK for an order), counted apart. */
  acceptedCodes?: readonly string[];
  /** Sees the data of a correct answer (to remember an order it placed, a page's cursor, …). */
  onData?: (data: any) => void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** The longest a connection waits before its first request. */
  staggerMs: number;
  random: Random;
  next: () => BenchRequest;
  /** Runs when the warm-up ends and the measured run starts (to sample CPU and metrics). */
  onMeasureStart?: () => void;
}

export interface OperationResult {
  requests: number;
  errors: number;
  accepted: number;
  latency: LatencySummary;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  errors: { total: number; non2xx: number; graphql: number; transport: number; examples: string[] };
  /** Correct refusals (acceptedCodes), by code. */
  accepted: Record<string, number>;
  operations: Record<string, OperationResult>;
}

interface Outcome {
  error?: { kind: "non2xx" | "graphql" | "transport"; message: string };
  acceptedCode?: string;
}

const MAX_EXAMPLES = 5;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const perOperation = new Map<string, { latencies: number[]; errors: number; accepted: number }>();
  const latencies: number[] = [];
  const errors = { total: 0, non2xx: 0, graphql: 0, transport: 0, examples: [] as string[] };
  const accepted: Record<string, number> = {};

  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const measureUntil = measureFrom + options.durationSeconds * 1000;
  let measureEndedAt = measureUntil;
  // Only a signal: the window starts at measureFrom, as the requests it counts do, however late the timer fires.
  const measureTimer = setTimeout(() => options.onMeasureStart?.(), options.warmupSeconds * 1000);

  async function send(request: BenchRequest): Promise<Outcome> {
    try {
      const response = await pool.request({
        path: target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
        },
        body: request.body,
      });
      const text = await response.body.text();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        return { error: { kind: "non2xx", message: `${request.operation}: HTTP ${response.statusCode} ${text.slice(0, 200)}` } };
      }
      const result = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      if (result.errors?.length) {
        const code = result.errors[0]!.extensions?.code;
        if (code && request.acceptedCodes?.includes(code) && result.errors.every((e) => e.extensions?.code === code)) return { acceptedCode: code };
        return { error: { kind: "graphql", message: `${request.operation}: ${code ?? "no code"}: ${result.errors[0]!.message}` } };
      }
      request.onData?.(result.data);
      return {};
    } catch (error) {
      return { error: { kind: "transport", message: `${request.operation}: ${(error as Error).message}` } };
    }
  }

  async function worker(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, options.random() * options.staggerMs));
    for (;;) {
      const startedAt = performance.now();
      if (startedAt >= measureUntil) return;
      const request = options.next();
      const outcome = await send(request);
      const endedAt = performance.now();
      if (startedAt < measureFrom) continue;
      measureEndedAt = Math.max(measureEndedAt, endedAt);
      const elapsed = endedAt - startedAt;
      latencies.push(elapsed);
      let operation = perOperation.get(request.operation);
      if (!operation) perOperation.set(request.operation, (operation = { latencies: [], errors: 0, accepted: 0 }));
      operation.latencies.push(elapsed);
      if (outcome.acceptedCode) {
        operation.accepted++;
        accepted[outcome.acceptedCode] = (accepted[outcome.acceptedCode] ?? 0) + 1;
      }
      if (outcome.error) {
        operation.errors++;
        errors.total++;
        errors[outcome.error.kind]++;
        if (errors.examples.length < MAX_EXAMPLES && !errors.examples.includes(outcome.error.message)) errors.examples.push(outcome.error.message);
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    clearTimeout(measureTimer);
    await pool.close();
  }
  // The measured requests are those started in the measured window; the last of them ends a little after it.
  const seconds = (measureEndedAt - measureFrom) / 1000;
  return {
    seconds,
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    latency: summarizeLatencies(latencies),
    errors,
    accepted,
    operations: Object.fromEntries(
      [...perOperation].map(([name, { latencies: samples, errors: failed, accepted: refused }]) => [
        name,
        { requests: samples.length, errors: failed, accepted: refused, latency: summarizeLatencies(samples) },
      ]),
    ),
  };
}

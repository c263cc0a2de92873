import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLoad, type BenchRequest } from "./load.ts";
import { seededRandom } from "./sampling.ts";

// A real HTTP server answering like a GraphQL endpoint, by what the request asks for.
let server: http.Server;
let url: string;
let inFlight = 0;
let mostInFlight = 0;
const firstRequestAt = new Map<string, number>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const port = String(request.socket.remotePort);
      if (!firstRequestAt.has(port)) firstRequestAt.set(port, performance.now());
      const { ask } = JSON.parse(body) as { ask: string };
      setTimeout(() => {
        inFlight--;
        if (ask === "http500") response.writeHead(500).end("broken");
        else if (ask === "error") response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: "no", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
        else if (ask === "stock") response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: "sold out", extensions: { code: "OUT_OF_STOCK" } }] }));
        else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { ok: request.headers.authorization ?? "anonymous" } }));
      }, 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("runLoad", () => {
  it("keeps every connection busy, out of step, and measures only after the warm-up", async () => {
    const seen: string[] = [];
    let warm = false;
    let sent = 0;
    const result = await runLoad({
      url,
      connections: 8,
      warmupSeconds: 0.5,
      durationSeconds: 1,
      staggerMs: 200,
      random: seededRandom(1),
      onMeasureStart: () => (warm = true),
      next: (): BenchRequest => {
        sent++;
        return { operation: "Ok", body: JSON.stringify({ ask: "ok" }), token: "t1", onData: (data) => seen.push(data.ok) };
      },
    });
    expect(warm).toBe(true);
    expect(mostInFlight).toBe(8);
    // Every request was answered; only the measured ones are counted.
    expect(seen.length).toBe(sent);
    expect(result.requests).toBeGreaterThan(50);
    expect(result.requests).toBeLessThan(sent);
    expect(result.seconds).toBeGreaterThanOrEqual(1);
    expect(result.seconds).toBeLessThan(2);
    expect(result.requestsPerSecond).toBeCloseTo(result.requests / result.seconds, 5);
    expect(result.latency.p50).toBeGreaterThanOrEqual(5);
    expect(result.errors.total).toBe(0);
    expect(seen[0]).toBe("Bearer t1");
    // The connections began at different moments over the stagger window.
    const starts = [...firstRequestAt.values()].sort((a, b) => a - b);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThan(50);
  });

  it("counts HTTP errors, GraphQL errors and refused connections, and accepted refusals apart", async () => {
    const asks = ["ok", "http500", "error", "stock"];
    let n = 0;
    const result = await runLoad({
      url,
      connections: 2,
      warmupSeconds: 0,
      durationSeconds: 0.5,
      staggerMs: 0,
      random: seededRandom(2),
      next: () => {
        const ask = asks[n++ % asks.length]!;
        return { operation: ask, body: JSON.stringify({ ask }), acceptedCodes: ["OUT_OF_STOCK"] };
      },
    });
    expect(result.errors.non2xx).toBe(result.operations.http500!.requests);
    expect(result.errors.graphql).toBe(result.operations.error!.requests);
    expect(result.accepted.OUT_OF_STOCK).toBe(result.operations.stock!.requests);
    expect(result.operations.ok!.errors).toBe(0);
    expect(result.errors.total).toBe(result.errors.non2xx + result.errors.graphql);
    expect(result.errors.examples.some((example) => example.includes("INTERNAL_SERVER_ERROR"))).toBe(true);

    const refused = await runLoad({
      url: "http://127.0.0.1:1/graphql",
      connections: 1,
      warmupSeconds: 0,
      durationSeconds: 0.2,
      staggerMs: 0,
      random: seededRandom(3),
      next: () => ({ operation: "x", body: "{}" }),
    });
    expect(refused.errors.transport).toBeGreaterThan(0);
    expect(refused.errors.total).toBe(refused.requests);
  });
});

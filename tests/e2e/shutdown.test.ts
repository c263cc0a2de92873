// SIGTERM as an orchestrator sends it, to a real gateway process in the middle of a stream of
// requests that each wait on a slow subgraph: the requests already taken are all answered,
// WebSockets are closed with 1001 Going Away, and the process exits in the grace period.
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "../support/ports.ts";
import { spawnService } from "../support/service-process.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

const GRACE_MS = 5_000;
const LATENCY_MS = 400;
// A request sent this long before the signal has certainly reached the gateway (loopback).
const SURELY_TAKEN_MS = 100;

let users: ReturnType<typeof spawnService>;
let slowLink: Awaited<ReturnType<typeof startTcpProxy>>;

beforeAll(async () => {
  const usersPort = await freePort();
  users = spawnService("subgraphs/users", { HOST: "127.0.0.1", USERS_PORT: String(usersPort), LOG_LEVEL: "info" });
  await users.ready("users");
  slowLink = await startTcpProxy({ host: "127.0.0.1", port: usersPort, latencyMs: LATENCY_MS });
});

afterAll(async () => {
  users?.child.kill("SIGTERM");
  await users?.exited;
  await slowLink?.close();
});

type Outcome = { startedAt: number; endedAt: number; ok: boolean; failure?: string };

it("answers every request in flight, closes WebSockets with 1001 and exits within SHUTDOWN_GRACE_MS", async () => {
  const gateway = spawnService("gateway", {
    HOST: "127.0.0.1",
    GATEWAY_PORT: "0",
    LOG_LEVEL: "info",
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    USERS_URL: `http://127.0.0.1:${slowLink.port}/graphql`,
  });
  const url = await gateway.ready("gateway");

  const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: {} })));
    socket.once("message", (data) => (JSON.parse(String(data)).type === "connection_ack" ? resolve() : reject(new Error(String(data)))));
    socket.once("error", reject);
  });

  // Eight clients, each sending one request after another, until the gateway is gone.
  const outcomes: Outcome[] = [];
  let signalledAt = Infinity;
  const client = async () => {
    while (Date.now() < signalledAt + GRACE_MS) {
      const startedAt = Date.now();
      try {
        const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "query Me { me { id } }" }) });
        const body = (await response.json()) as { data?: unknown; errors?: unknown };
        const ok = response.status === 200 && !body.errors && JSON.stringify(body.data) === '{"me":null}';
        outcomes.push({ startedAt, endedAt: Date.now(), ok, ...(ok ? {} : { failure: `${response.status} ${JSON.stringify(body)}` }) });
      } catch (error) {
        // Refused: the gateway no longer takes requests. Nothing more to send.
        outcomes.push({ startedAt, endedAt: Date.now(), ok: false, failure: String((error as Error).cause ?? error) });
        return;
      }
    }
  };
  // Out of step with each other (and so never one shared fetch): whenever the signal comes, most
  // clients have a request waiting on the subgraph, not only those of one wave.
  const clients = Array.from({ length: 8 }, (_, index) => new Promise((resolve) => setTimeout(resolve, (index * LATENCY_MS) / 4)).then(client));
  // Mid-stream: every client has had answers and has a request waiting on the slow subgraph.
  await new Promise((resolve) => setTimeout(resolve, LATENCY_MS * 4 + LATENCY_MS / 2));
  signalledAt = Date.now();
  gateway.child.kill("SIGTERM");
  const exitCode = await gateway.exited;
  const exitedAfterMs = Date.now() - signalledAt;
  await Promise.all(clients);

  expect(exitCode).toBe(0);
  expect(exitedAfterMs).toBeLessThan(GRACE_MS);
  expect(await closed).toBe(1001);
  const taken = outcomes.filter((outcome) => outcome.startedAt < signalledAt - SURELY_TAKEN_MS);
  const inFlight = taken.filter((outcome) => outcome.endedAt > signalledAt);
  expect(inFlight.length, "requests still waiting on the subgraph at SIGTERM").toBeGreaterThanOrEqual(4);
  expect(taken.filter((outcome) => !outcome.ok)).toEqual([]);
  // Sent after the signal: either answered or refused at the connection, never a failed response.
  const late = outcomes.filter((outcome) => outcome.startedAt >= signalledAt - SURELY_TAKEN_MS);
  expect(late.filter((outcome) => !outcome.ok && /^\d{3} /.test(outcome.failure ?? ""))).toEqual([]);
  expect(gateway.output()).toContain("gateway stopped");
}, 60_000);

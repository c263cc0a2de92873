import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { parse } from "graphql";
import { createGatewayMetrics, createServiceRegistry } from "@shop/metrics";
import { pooledFetcher, SHAREABLE_HEADER, SubgraphDataSource } from "./subgraph-data-source.ts";

// A real HTTP server that answers slowly enough for requests to overlap, and remembers what it got.
const received: IncomingMessage[] = [];
const server = createServer((req, res) => {
  received.push(req);
  setTimeout(() => res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=5, public" }).end('{"data":{"ok":true}}'), Number(req.headers["x-delay-ms"] ?? 50));
});
let pool: Pool;
let fetcher: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}>;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  pool = new Pool(`http://127.0.0.1:${port}`);
  fetcher = pooledFetcher(pool, "/graphql", 2000, () => ({ "x-signature": "signed" })) as never;
});
afterAll(async () => {
  await pool.close();
  server.close();
});

const query = JSON.stringify({ query: "query Catalogue__products__0{products{totalCount}}", variables: {} });
const mutation = JSON.stringify({ query: "mutation PlaceOrder__orders__0{placeOrder{id}}", variables: {} });
// As the data source marks them: a query may be shared, a mutation never.
const send = (body: string, authorization = "Bearer a") =>
  fetcher("http://subgraph/graphql", { method: "POST", headers: { authorization, ...(body === query ? { [SHAREABLE_HEADER]: "1" } : {}) }, body });

describe("the gateway's pooled subgraph fetch", () => {
  it("sends identical queries in flight at once as one request, signed, and gives each caller the answer", async () => {
    received.length = 0;
    const answers = await Promise.all([send(query), send(query), send(query)]);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["x-signature"]).toBe("signed");
    expect(received[0]!.headers[SHAREABLE_HEADER]).toBeUndefined();
    for (const answer of answers) {
      expect(answer.ok).toBe(true);
      expect(answer.headers.get("Cache-Control")).toBe("max-age=5, public");
      expect(await answer.json()).toEqual({ data: { ok: true } });
    }
  });

  it("keeps callers with other credentials apart, and never shares a mutation", async () => {
    received.length = 0;
    await Promise.all([send(query, "Bearer a"), send(query, "Bearer b"), send(mutation), send(mutation)]);
    expect(received).toHaveLength(4);
  });

  it("gives up at the request's deadline, within undici's timer resolution (half a second)", async () => {
    const startedAt = Date.now();
    const headers = { "x-request-deadline": String(startedAt + 100), "x-delay-ms": "3000" };
    await expect(fetcher("http://subgraph/graphql", { method: "POST", headers, body: mutation })).rejects.toThrow(/timeout/i);
    expect(Date.now() - startedAt).toBeLessThan(1500);
  });
});

describe("the gateway's subgraph data source", () => {
  // A replica that is draining answers 503 to the first request it gets (a load balancer in front
  // of one that died answers 502), then the next one is served.
  let draining = 0;
  let served = 0;
  let failureStatus = 503;
  const replica = createServer((_req, res) => {
    served++;
    if (draining-- > 0) res.writeHead(failureStatus).end("draining");
    else res.writeHead(200, { "content-type": "application/json" }).end('{"data":{"ok":true}}');
  });
  let source: SubgraphDataSource;
  beforeAll(async () => {
    await new Promise<void>((resolve) => replica.listen(0, "127.0.0.1", resolve));
    const { port } = replica.address() as AddressInfo;
    source = new SubgraphDataSource(`http://127.0.0.1:${port}/graphql`, 2000, "products", createGatewayMetrics(createServiceRegistry("gateway")), () => ({}));
  });
  afterAll(() => void replica.close());

  const call = (operation: string) =>
    source.process({
      kind: "incoming operation",
      request: { query: operation },
      document: parse(operation),
      context: { requestId: "r1", deadline: Date.now() + 5000 },
      incomingRequestContext: { overallCachePolicy: undefined } as never,
      pathInIncomingRequest: [],
    } as never);

  it.each([503, 502])("sends a query once more when it is answered %i (a replica draining, or gone behind the load balancer)", async (status) => {
    failureStatus = status;
    draining = 1;
    await expect(call("query Q { ok }")).resolves.toMatchObject({ data: { ok: true } });
  });

  it("shares identical queries in flight, never identical mutations", async () => {
    served = 0;
    await Promise.all([call("query Q { ok }"), call("query Q { ok }")]);
    expect(served).toBe(1);
    served = 0;
    await Promise.all([call("mutation M { ok }"), call("mutation M { ok }")]);
    expect(served).toBe(2);
  });

  it("never sends a mutation twice: the failure is SERVICE_UNAVAILABLE", async () => {
    failureStatus = 502;
    draining = 1;
    await expect(call("mutation M { ok }")).rejects.toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE" } });
  });
});

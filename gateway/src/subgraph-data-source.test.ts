import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Pool } from "undici";
import { pooledFetcher } from "./subgraph-data-source.ts";

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
const send = (body: string, authorization = "Bearer a") => fetcher("http://subgraph/graphql", { method: "POST", headers: { authorization }, body });

describe("the gateway's pooled subgraph fetch", () => {
  it("sends identical queries in flight at once as one request, signed, and gives each caller the answer", async () => {
    received.length = 0;
    const answers = await Promise.all([send(query), send(query), send(query)]);
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["x-signature"]).toBe("signed");
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

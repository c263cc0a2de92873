// The client against a real HTTP server on a free local port: each test says how the other
// service answers, and counts the requests that reach it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, ShopError } from "@shop/errors";
import { createRequestSigner, createRequestVerifier, memoryNonceStore, type Refusal } from "@shop/request-signing";
import { createServiceClient, type ServiceClientOptions } from "./index.ts";

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

interface Received {
  authorization: string | undefined;
  body: unknown;
  /** What a subgraph would make of the request's signature: null when it is accepted. */
  signature: Refusal | null;
}

const SIGNING_SECRET = "signing-secret-of-the-tests-0123456789";

const reply =
  (status: number, body: unknown): Answer =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
const ok = reply(200, { data: { product: { id: "p1" } } });
const graphqlError = (code: string, details: Record<string, unknown> = {}) => reply(200, { data: null, errors: [{ message: `failed: ${code}`, extensions: { code, ...details } }] });
const serverError = reply(500, { message: "boom" });
const resetConnection: Answer = (request) => request.socket.destroy();
const neverAnswer: Answer = () => {};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A service that answers its nth request with answers[n] (the last one from then on). */
async function service(...answers: Answer[]) {
  const received: Received[] = [];
  const { verify } = createRequestVerifier({ secrets: [SIGNING_SECRET], nonces: memoryNonceStore() });
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", async () => {
      const signature = await verify({ method: request.method!, path: request.url!, body: text }, request.headers);
      received.push({ authorization: request.headers.authorization, body: JSON.parse(text), signature });
      answers[Math.min(received.length, answers.length) - 1]!(request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, received };
}

function clientOf(url: string, options: Partial<ServiceClientOptions> = {}) {
  return createServiceClient({ url, service: "products", timeoutMs: 1000, token: async () => "service-token", signRequest: createRequestSigner(SIGNING_SECRET), ...options });
}

const QUERY = "query Product($id: ID!) { product(id: $id) { id } }";

/** The error a request fails with; the test fails if it succeeds. */
async function failureOf(request: Promise<unknown>): Promise<ShopError> {
  const error = await request.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ShopError);
  return error as ShopError;
}

const causeOf = (error: Error) => (error.cause as Error).message;

describe("createServiceClient", () => {
  it("posts the query and variables with the service token, signed, and returns the data", async () => {
    const products = await service(ok);
    await expect(clientOf(products.url).request(QUERY, { id: "p1" })).resolves.toEqual({ product: { id: "p1" } });
    expect(products.received).toEqual([{ authorization: "Bearer service-token", body: { query: QUERY, variables: { id: "p1" } }, signature: null }]);
  });

  it("signs each try afresh, so that a retry is not refused as a replay", async () => {
    const recovering = await service(resetConnection, ok);
    await clientOf(recovering.url, { retries: 1 }).request(QUERY);
    expect(recovering.received.map((request) => request.signature)).toEqual([null, null]);
    const other = await service(ok);
    await clientOf(other.url, { signRequest: createRequestSigner("another-secret-entirely-0123456789") }).request(QUERY);
    expect(other.received[0]!.signature).toBe("invalid");
  });

  it("rethrows a domain error as the same code and details, without retrying it", async () => {
    const products = await service(graphqlError(ErrorCode.OUT_OF_STOCK, { productId: "p1", available: 0 }));
    const error = await failureOf(clientOf(products.url, { retries: 2 }).request(QUERY, { id: "p1" }));
    expect(error.message).toBe("failed: OUT_OF_STOCK");
    expect(error.extensions).toEqual({ code: ErrorCode.OUT_OF_STOCK, productId: "p1", available: 0 });
    expect(products.received).toHaveLength(1);
  });

  it("turns the other service's own faults into SERVICE_UNAVAILABLE, without retrying them", async () => {
    for (const [answer, cause] of [
      [graphqlError(ErrorCode.UNAUTHENTICATED), "products: UNAUTHENTICATED: failed: UNAUTHENTICATED"],
      [graphqlError(ErrorCode.INTERNAL_SERVER_ERROR), "products: INTERNAL_SERVER_ERROR: failed: INTERNAL_SERVER_ERROR"],
      [serverError, "products: HTTP 500"],
      [reply(200, { data: null }), "products: HTTP 200"],
    ] as const) {
      const products = await service(answer);
      const error = await failureOf(clientOf(products.url, { retries: 2 }).request(QUERY));
      expect(error.extensions).toEqual({ code: ErrorCode.SERVICE_UNAVAILABLE });
      expect(causeOf(error)).toBe(cause);
      expect(products.received).toHaveLength(1);
    }
  });

  it("gives up on a service that does not answer in time, and does not retry a timeout", async () => {
    const products = await service(neverAnswer);
    const started = performance.now();
    const error = await failureOf(clientOf(products.url, { timeoutMs: 200, retries: 2 }).request(QUERY));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(causeOf(error)).toBe("products: no answer within 200 ms");
    expect(products.received).toHaveLength(1);
  });

  it("retries a reset connection as often as allowed", async () => {
    const recovering = await service(resetConnection, resetConnection, ok);
    await expect(clientOf(recovering.url, { retries: 2 }).request(QUERY)).resolves.toEqual({ product: { id: "p1" } });
    expect(recovering.received).toHaveLength(3);

    const down = await service(resetConnection);
    const error = await failureOf(clientOf(down.url, { retries: 1 }).request(QUERY));
    expect(error.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(down.received).toHaveLength(2);
  });

  it("retries a refused connection, and says so in the cause", async () => {
    const gone = await service(ok);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await failureOf(clientOf(gone.url, { retries: 1 }).request(QUERY));
    expect(error.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(causeOf(error)).toMatch(/^products: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it("opens the breaker after repeated failures, fails fast while open, and closes after a good trial call", async () => {
    const products = await service(serverError, serverError, serverError, ok);
    const client = clientOf(products.url, { breakerResetMs: 300 });
    for (let call = 0; call < 3; call++) await failureOf(client.request(QUERY));
    expect(products.received).toHaveLength(3);

    const refused = await failureOf(client.request(QUERY));
    expect(refused.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(causeOf(refused)).toBe("products: Breaker is open");
    expect(products.received).toHaveLength(3);

    await new Promise((resolve) => setTimeout(resolve, 350));
    await expect(client.request(QUERY)).resolves.toEqual({ product: { id: "p1" } });
    await expect(client.request(QUERY)).resolves.toEqual({ product: { id: "p1" } });
    expect(products.received).toHaveLength(5);
  });

  it("opens the breaker again when the half-open trial call fails", async () => {
    const products = await service(serverError);
    const client = clientOf(products.url, { breakerResetMs: 300 });
    for (let call = 0; call < 3; call++) await failureOf(client.request(QUERY));

    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(causeOf(await failureOf(client.request(QUERY)))).toBe("products: HTTP 500");
    expect(products.received).toHaveLength(4);
    expect(causeOf(await failureOf(client.request(QUERY)))).toBe("products: Breaker is open");
    expect(products.received).toHaveLength(4);
  });

  it("keeps the breaker closed through domain errors: the service answered", async () => {
    const products = await service(graphqlError(ErrorCode.NOT_FOUND));
    const client = clientOf(products.url);
    for (let call = 0; call < 5; call++) expect((await failureOf(client.request(QUERY))).code).toBe(ErrorCode.NOT_FOUND);
    expect(products.received).toHaveLength(5);
  });
});

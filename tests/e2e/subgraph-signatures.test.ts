// Subgraphs answer only requests signed by the gateway or another service: every kind of
// unsigned, stale, replayed, tampered or foreign-key request is refused with 401 on every
// subgraph, `_service` and `_entities` included, while health stays open and the gateway works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequestSigner, type RequestSigner } from "@shop/request-signing";
import { dataOf, gql } from "../support/client.ts";
import { startStack, type ServiceName, type Stack } from "../support/stack.ts";

const SUBGRAPHS = ["users", "products", "orders", "notifications"] as const satisfies readonly ServiceName[];
const SDL = JSON.stringify({ query: "{ _service { sdl } }" });
const ENTITIES = JSON.stringify({ query: "query E($r: [_Any!]!) { _entities(representations: $r) { __typename } }", variables: { r: [] } });

let stack: Stack;
let sign: RequestSigner;
beforeAll(async () => {
  stack = await startStack();
  sign = createRequestSigner(process.env.REQUEST_SIGNING_SECRET!);
});
afterAll(() => stack?.stop());

async function send(url: string, body: string, headers: Record<string, string>, contentType = "application/json") {
  const response = await fetch(url, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}
const signed = (body: string, signer = sign) => signer({ method: "POST", path: "/graphql", body });
const refused = { status: 401, body: { errors: [{ extensions: { code: "UNAUTHENTICATED" } }] } };

describe.each(SUBGRAPHS)("the %s subgraph", (name) => {
  const url = () => stack.services[name].url;

  it("answers a request the gateway's secret signed, once", async () => {
    const headers = signed(SDL);
    const first = await send(url(), SDL, headers);
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain("_service");
    expect(await send(url(), SDL, headers)).toMatchObject(refused);
  });

  it("refuses unsigned requests, _service and _entities alike, and a GET", async () => {
    expect(await send(url(), SDL, {})).toMatchObject(refused);
    expect(await send(url(), ENTITIES, {})).toMatchObject(refused);
    const get = await fetch(`${url()}?query=${encodeURIComponent("{ _service { sdl } }")}`);
    expect(get.status).toBe(401);
  });

  it("refuses a stale, tampered or foreign-key signature, and a signed body it does not read", async () => {
    const stale = createRequestSigner(process.env.REQUEST_SIGNING_SECRET!, () => Date.now() - 60_000);
    expect(await send(url(), SDL, signed(SDL, stale))).toMatchObject(refused);
    expect(await send(url(), ENTITIES, signed(SDL))).toMatchObject(refused);
    expect(await send(url(), SDL, signed(SDL, createRequestSigner("a-key-that-is-not-the-deployment-s-0123")))).toMatchObject(refused);
    expect(await send(url(), SDL, signed(SDL), "text/plain")).toMatchObject(refused);
  });

  it("checks the signature before anything parses the body", async () => {
    const notJson = "{ this is not JSON";
    const answer = await send(url(), notJson, {});
    expect(answer).toMatchObject(refused);
    expect(answer.text).not.toMatch(/JSON|at |\/work\//);
  });

  it("keeps health and readiness open", async () => {
    expect((await fetch(url().replace(/\/graphql$/, "/healthz"))).status).toBe(200);
    expect((await fetch(url().replace(/\/graphql$/, "/readyz"))).status).toBe(200);
  });
});

it("still serves everything through the gateway, which signs each subgraph request", async () => {
  const { products } = dataOf(await gql(stack.gatewayUrl, "{ products(first: 1) { totalCount } }"));
  expect(products.totalCount).toBeGreaterThanOrEqual(0);
});

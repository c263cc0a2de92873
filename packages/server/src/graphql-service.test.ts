// One real service over HTTP per mode: what a client sees when it sends something that
// cannot be served, and what production hides.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { createServiceRegistry } from "@shop/metrics";
import { startGraphQLService, type GraphQLServiceOptions, type RunningService } from "./graphql-service.ts";
import { MAX_NESTING, PARSER_MAX_TOKENS } from "./refusals.ts";

const MANIFEST = fileURLToPath(new URL("../../../schema/persisted-query-manifest.json", import.meta.url));

function start(nodeEnv: GraphQLServiceOptions<object>["nodeEnv"], overrides: Partial<GraphQLServiceOptions<object>> = {}) {
  return startGraphQLService<object>({
    name: `service-${nodeEnv}`,
    nodeEnv,
    host: "127.0.0.1",
    port: 0,
    logger: createLogger({ service: "test", level: "silent" }),
    metrics: { registry: createServiceRegistry("test"), port: 0 },
    persistedQueryManifestPath: MANIFEST,
    shutdownGraceMs: 1_000,
    apollo: {
      typeDefs: "type Query { echo(text: String, list: [[Int]]): String, product: Product } type Product { name: String }",
      resolvers: { Query: { echo: (_: unknown, { text }: { text?: string }) => text ?? "" } },
    },
    context: async () => ({}),
    ...overrides,
  });
}

function post(service: RunningService, body: string, headers: Record<string, string> = {}) {
  return fetch(service.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await response.text();
  expect(text).not.toMatch(/<html|at .*\(|\/work\/|node_modules|Maximum call stack/i);
  const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(body.errors).toHaveLength(1);
  return body.errors[0]!;
}

const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe.each(["development", "production"] as const)("a GraphQL service in %s mode", (nodeEnv) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start(nodeEnv);
  });
  afterAll(() => service?.stop());

  it("answers a body that is not JSON with a JSON error, 400", async () => {
    const response = await post(service, '{"query": "{ echo }"');
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ message: "The request body is not valid JSON.", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("answers a body over 1 MB with a JSON error, 413", async () => {
    const response = await post(service, JSON.stringify({ query: "{ echo }", variables: { pad: "x".repeat(1_100_000) } }));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("answers a charset other than UTF-8 with a JSON error, 415", async () => {
    const response = await post(service, '{"query": "{ echo }"}', { "content-type": "application/json; charset=latin1" });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("sends nosniff on GraphQL, health and error responses", async () => {
    const base = service.url.replace(/\/graphql$/, "");
    for (const response of [await post(service, '{"query": "{ echo }"}'), await post(service, "nope"), await fetch(`${base}/healthz`)]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
    const metrics = await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`);
    expect(metrics.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps an idle connection longer than a proxy in front keeps it for reuse (60 s), and says so", async () => {
    const response = await post(service, '{"query": "{ echo }"}');
    expect(response.headers.get("keep-alive")).toBe("timeout=65");
  });

  it("refuses a control character in a literal or anywhere in the variables with BAD_USER_INPUT", async () => {
    const literal = await post(service, JSON.stringify({ query: '{ echo(text: "a\\u0000b") }' }));
    expect(literal.status).toBe(400);
    expect((await errorOf(literal)).extensions).toEqual({ code: "BAD_USER_INPUT" });
    const variable = await post(service, JSON.stringify({ query: "query($t: String) { echo(text: $t) }", variables: { t: "a\u0007b" } }));
    expect(await errorOf(variable)).toEqual({ message: "Text must not contain control characters (variable $t).", extensions: { code: "BAD_USER_INPUT" } });
    const multiLine = await post(service, JSON.stringify({ query: "query($t: String) { echo(text: $t) }", variables: { t: "line 1\r\n\tline 2" } }));
    expect(await multiLine.json()).toEqual({ data: { echo: "line 1\r\n\tline 2" } });
  });

  it("refuses a 10,000-deep list literal in the query or the variables without a stack overflow", async () => {
    const inQuery = await post(service, JSON.stringify({ query: `{ echo(list: ${nested(10_000)}) }` }));
    expect(inQuery.status).toBe(400);
    expect(await errorOf(inQuery)).toEqual({ message: `The query is nested more than ${MAX_NESTING} levels deep.`, extensions: { code: "BAD_USER_INPUT" } });
    const atTheLimit = await post(service, JSON.stringify({ query: `{ echo(list: ${nested(MAX_NESTING - 2)}) }` }));
    expect((await errorOf(atTheLimit)).message).toMatch(/cannot represent/);
    const inVariables = await post(service, `{"query": "query($l: [[Int]]) { echo(list: $l) }", "variables": {"l": ${nested(10_000)}}}`);
    expect(inVariables.status).toBe(400);
    expect((await errorOf(inVariables)).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("stops parsing a document of more than PARSER_MAX_TOKENS tokens", async () => {
    const response = await post(service, JSON.stringify({ query: `{ ${"echo ".repeat(PARSER_MAX_TOKENS)} }` }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).extensions).toEqual({ code: "MAX_TOKENS_LIMIT", limit: PARSER_MAX_TOKENS });
  });

  it(nodeEnv === "production" ? "hides the schema: no introspection, no suggestions, no Sandbox" : "offers introspection, suggestions and Sandbox", async () => {
    const introspection = await post(service, JSON.stringify({ query: "{ __schema { queryType { name } } }" }));
    const suggestion = await errorOf(await post(service, JSON.stringify({ query: "{ produc { name } }" })));
    const landing = await fetch(service.url, { headers: { accept: "text/html" } });
    const landingText = await landing.text();
    if (nodeEnv === "production") {
      expect((await errorOf(introspection)).extensions).toEqual({ code: "BAD_USER_INPUT" });
      expect(suggestion.message).not.toMatch(/product/i);
      expect(landingText).not.toMatch(/sandbox/i);
    } else {
      expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
      expect(suggestion.message).toMatch(/Did you mean "product"/);
      expect(landingText).toMatch(/sandbox/i);
    }
  });
});

describe("stopping behind a load balancer (shutdownDrainDelayMs)", () => {
  it("answers /readyz 503 at once but still serves requests for the delay, then drains and closes", async () => {
    const service = await start("test", { shutdownGraceMs: 2_000, shutdownDrainDelayMs: 600 });
    const readyz = service.url.replace(/\/graphql$/, "/readyz");
    expect((await fetch(readyz)).status).toBe(200);
    const startedAt = Date.now();
    const stopped = service.stop();
    expect((await fetch(readyz)).status).toBe(503);
    const during = await post(service, JSON.stringify({ query: '{ echo(text: "still here") }' }));
    expect(during.status).toBe(200);
    expect(await during.json()).toEqual({ data: { echo: "still here" } });
    await stopped;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(600);
    await expect(fetch(readyz)).rejects.toThrow();
  });

  it("refuses a delay that leaves too little of the grace period to drain, naming both variables", async () => {
    await expect(start("test", { shutdownGraceMs: 2_000, shutdownDrainDelayMs: 1_000 })).rejects.toThrow(/SHUTDOWN_DRAIN_DELAY_MS \(1000\) must be less than half of SHUTDOWN_GRACE_MS \(2000\)/);
  });
});

// Through the real gateway and subgraphs: operations over a limit, bodies that cannot be read
// and text with control characters are refused quickly, in JSON, with a code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGatewayConfig } from "@shop/gateway/config";
import { codesOf, subgraphSignature, unique, type GraphQLResult } from "../support/client.ts";
import { startStack, type Stack } from "../support/stack.ts";

let stack: Stack;
let limits: ReturnType<typeof loadGatewayConfig>["operationLimits"]["limits"];

beforeAll(async () => {
  stack = await startStack();
  limits = loadGatewayConfig(stack.env).operationLimits.limits;
});
afterAll(() => stack?.stop());

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, ms: performance.now() - started };
}

/** The quickest of five tries: the machine is shared, and one slow try says little about the gateway. */
async function quickest(url: string, body: string) {
  const tries = [];
  for (let attempt = 0; attempt < 5; attempt++) tries.push(await post(url, body));
  return tries.reduce((best, next) => (next.ms < best.ms ? next : best));
}

const repeat = (count: number, text: (index: number) => string) => Array.from({ length: count }, (_, index) => text(index)).join(" ");
const orderCycle = ["orders(first: 1)", "edges", "node", "user"];

/** For each limit, an operation with exactly `n` of what it counts. */
const AT: Record<string, (n: number) => string> = {
  depth: (n) => {
    const path = ["me", ...Array.from({ length: n - 2 }, (_, index) => orderCycle[index % 4]!)];
    const leaf = { "orders(first: 1)": "totalCount", edges: "cursor", node: "id", user: "id", me: "id" }[path.at(-1)!];
    return `{ ${path.map((field) => `${field} {`).join(" ")} ${leaf} ${"}".repeat(path.length)} }`;
  },
  aliases: (n) => `{ me { ${repeat(n, (index) => `a${index}: id`)} } }`,
  rootFields: (n) => `{ ${repeat(n, () => "__typename")} }`,
  // `{ me { ... } }` is 5 tokens. Five field names in turn: graphql-js's own validation gives up
  // comparing hundreds of copies of one field.
  tokens: (n) => `{ me { ${repeat(n - 5, (index) => ["id", "name", "email", "role", "createdAt"][index % 5]!)} } }`,
  directives: (n) => `{ me { ${repeat(n, () => "id @skip(if: false)")} } }`,
  // 1 for products, 1 per item for totalCount.
  cost: (n) => `{ products(first: ${n - 1}) { totalCount } }`,
};
const CODES: Record<string, string> = {
  depth: "MAX_DEPTH_LIMIT",
  aliases: "MAX_ALIASES_LIMIT",
  rootFields: "MAX_ROOT_FIELDS_LIMIT",
  tokens: "MAX_TOKENS_LIMIT",
  directives: "MAX_DIRECTIVES_LIMIT",
  cost: "COST_ESTIMATED_TOO_EXPENSIVE",
};

describe("the gateway's operation limits", () => {
  it.each(Object.keys(AT))("passes %s at the limit and refuses one more in under 50 ms, HTTP 400", async (limit) => {
    const n = limits[limit as keyof typeof limits];
    const at = await post(stack.gatewayUrl, JSON.stringify({ query: AT[limit]!(n) }));
    expect(codesOf(JSON.parse(at.text) as GraphQLResult)).not.toContain(CODES[limit]);
    const over = await quickest(stack.gatewayUrl, JSON.stringify({ query: AT[limit]!(n + 1) }));
    expect(over.status).toBe(400);
    expect(JSON.parse(over.text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: CODES[limit], limit: n } }] });
    expect(over.ms).toBeLessThan(50);
  });

  it("refuses the alias bomb of the issue (1,000 × products(first: 100)) in under 50 ms and counts refusals in /metrics", async () => {
    const bomb = `{ ${repeat(1000, (index) => `p${index}: products(first: 100) { totalCount edges { node { id name sku priceCents } } }`)} }`;
    const refused = await quickest(stack.gatewayUrl, JSON.stringify({ query: bomb }));
    expect(refused.status).toBe(400);
    // The parser stops at the token limit: the bomb is never parsed in full.
    expect(JSON.parse(refused.text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "MAX_TOKENS_LIMIT", limit: limits.tokens } }] });
    expect(refused.ms).toBeLessThan(50);
    const metrics = await (await fetch(stack.metricsUrl("gateway"))).text();
    expect(metrics).toMatch(/gateway_operation_limit_exceeded_total\{limit="depth",action="refused",service="gateway"\} [1-9]/);
    expect(metrics).toMatch(/gateway_operation_limit_exceeded_total\{limit="aliases",action="refused",service="gateway"\} [1-9]/);
    expect(metrics).toMatch(/gateway_operation_limit_exceeded_total\{limit="tokens",action="refused",service="gateway"\} [1-9]/);
  });
});

describe("refusals in JSON", () => {
  const urls = () => ({ gateway: stack.gatewayUrl, users: stack.services.users.url });
  // The users subgraph reads only what the gateway signed: these bodies are signed as the gateway would.
  const send = (name: "gateway" | "users", body: string) => post(urls()[name], body, name === "users" ? subgraphSignature(urls()[name], body) : {});

  it.each(["gateway", "users"] as const)("%s answers a body that is not JSON, or too large, with a JSON error and nosniff", async (name) => {
    for (const [body, status] of [['{"query": ', 400], [JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(2_000_000) } }), 413]] as const) {
      const response = await send(name, body);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.text).not.toMatch(/<html|at .*\(|node_modules/i);
      expect(codesOf(JSON.parse(response.text) as GraphQLResult)).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it.each(["gateway", "users"] as const)("%s refuses a NUL in register's name with BAD_USER_INPUT", async (name) => {
    const input = { email: `${unique("nul")}@test.shop`, password: "a-long-password", name: "Ann\u0000" };
    const response = await send(name, JSON.stringify({ query: "mutation($input: RegisterInput!) { register(input: $input) { token } }", variables: { input } }));
    expect(response.status).toBe(400);
    expect(codesOf(JSON.parse(response.text) as GraphQLResult)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("the request deadline", () => {
  let late: Stack;
  beforeAll(async () => {
    late = await startStack({ env: { GATEWAY_REQUEST_TIMEOUT_MS: "1" } });
  });
  afterAll(() => late?.stop());

  it("fetches nothing past a request's deadline, answering SERVICE_UNAVAILABLE at once", async () => {
    const started = performance.now();
    const result = await post(late.gatewayUrl, JSON.stringify({ query: "{ products(first: 1) { totalCount } }" }));
    expect(result.status).toBe(200);
    const body = JSON.parse(result.text) as GraphQLResult;
    expect(codesOf(body)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(body.errors![0]!.message).toMatch(/ran out of time/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("the response size cap", () => {
  let capped: Stack;
  beforeAll(async () => {
    capped = await startStack({ env: { GATEWAY_MAX_RESPONSE_BYTES: "2000" } });
  });
  afterAll(() => capped?.stop());

  it("sends a result under the cap, and refuses one over it with RESPONSE_TOO_LARGE and the cap", async () => {
    const small = await post(capped.gatewayUrl, JSON.stringify({ query: "{ products(first: 1) { totalCount } }" }));
    expect(small.status).toBe(200);
    // The schema's own description: large whatever the database holds (introspection is on outside production).
    const large = await post(capped.gatewayUrl, JSON.stringify({ query: "{ __schema { types { name description } } }" }));
    expect(large.status).toBe(400);
    expect(large.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(large.text)).toEqual({ errors: [{ message: expect.stringMatching(/larger than 2000 bytes/), extensions: { code: "RESPONSE_TOO_LARGE", limit: 2000 } }] });
  });
});

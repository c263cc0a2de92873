// Thousands of generated requests through the gateway (fast-check, a fixed seed): operations
// drawn from the API schema with hostile arguments and variables, the same documents broken
// as text, and broken bodies around them. Whatever comes in, the answer is a JSON GraphQL
// response below 500 whose every error has a code, never INTERNAL_SERVER_ERROR, never a stack
// trace or a file path; and a refused mutation leaves every stored row as it was.
// FUZZ_SEED replays another seed; a failure prints the seed and path that reproduce it.
import fc from "fast-check";
import pg from "pg";
import { databaseUrlFor, type SubgraphName } from "@shop/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/supergraph.ts";
import { dataOf, gql, login, registerCustomer, unique } from "../support/client.ts";
import { brokenRequestArbitrary, rawRequestArbitrary, requestArbitrary, type FuzzRequest, type RawRequest } from "../support/fuzz-requests.ts";
import { apiSchema } from "../support/schemas.ts";
import { ADMIN, startStack, type Stack } from "../support/stack.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

let stack: Stack;
let tokens: (string | undefined)[];
/** Ids of real things, so that generated arguments sometimes reach past "not found". */
let knownIds: string[];
/** For the mutation property: a customer's token, the id of a product nobody can order and of a cancelled order. */
let shopper: { token: string; frozenProductId: string; cancelledOrderId: string; knownIds: string[] };
const databases = new Map<SubgraphName, pg.Pool>();

beforeAll(async () => {
  stack = await startStack();
  const url = stack.gatewayUrl;
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const customer = await registerCustomer(url);
  const create = async (stock: number) => {
    const input = { sku: unique("FUZZ").toUpperCase(), name: "Fuzz target", priceCents: 700, currency: "EUR", category: "Fuzz", stock };
    return dataOf(await gql(url, `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, { input }, admin.token)).createProduct.id as string;
  };
  const productId = await create(5);
  const frozenProductId = await create(0);
  const place = `mutation($id: ID!) { placeOrder(input: { items: [{ productId: $id, quantity: 1 }] }) { id } }`;
  const cancelledOrderId = dataOf(await gql(url, place, { id: productId }, customer.token)).placeOrder.id as string;
  dataOf(await gql(url, `mutation($id: ID!) { cancelOrder(id: $id) { id } }`, { id: cancelledOrderId }, customer.token));
  tokens = [undefined, customer.token, admin.token, "not-a-token"];
  knownIds = [productId, frozenProductId, cancelledOrderId, customer.id, admin.id];
  shopper = { token: customer.token, frozenProductId, cancelledOrderId, knownIds: [frozenProductId, cancelledOrderId, customer.id] };
  for (const name of ["users", "products", "orders", "notifications"] as const) databases.set(name, new pg.Pool({ connectionString: databaseUrlFor(name, stack.env), max: 1 }));
}, 60_000);

afterAll(async () => {
  await Promise.all([...databases.values()].map((pool) => pool.end()));
  await stack?.stop();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(request: RawRequest, token?: string): Promise<Answer> {
  const response = await fetch(`${stack.gatewayUrl}${request.search ?? ""}`, {
    method: request.method,
    headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: request.body,
  });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text: await response.text() };
}

const asPost = (request: FuzzRequest): RawRequest => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });

// What must never reach a client: a stack frame, a path on this machine, an engine's own error text.
const LEAKS = [/\n\s*at\s/, /\bat [\w$.<>]+ \(/, /\.(?:ts|js|mjs|cjs):\d+/, /node_modules/, /file:\/\//, new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), /RangeError|Maximum call stack/];

/** Everything wrong with one answer; empty when it is a clean GraphQL response. */
function problemsOf(answer: Answer): string[] {
  // Node's HTTP parser answers a request line over its header limit itself, empty, before any handler runs.
  if (answer.status === 431 && answer.text === "") return [];
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (answer.text.includes("INTERNAL_SERVER_ERROR")) problems.push("INTERNAL_SERVER_ERROR");
  for (const leak of LEAKS) if (leak.test(answer.text)) problems.push(`leaks ${leak}`);
  if (!/json/.test(answer.contentType)) problems.push(`content-type ${answer.contentType || "none"}`);
  let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] } | undefined;
  try {
    body = JSON.parse(answer.text);
  } catch {
    problems.push("not JSON");
  }
  if (body && !("data" in body) && !body.errors?.length) problems.push("neither data nor errors");
  for (const error of body?.errors ?? []) {
    if (typeof error.extensions?.code !== "string" || !/^[A-Z][A-Z_]+$/.test(error.extensions.code)) problems.push(`an error without a code: ${JSON.stringify(error).slice(0, 200)}`);
  }
  return problems;
}

function expectClean(answer: Answer): void {
  const problems = problemsOf(answer);
  if (problems.length > 0) throw new Error(`${problems.join("; ")} — HTTP ${answer.status}: ${answer.text.slice(0, 500)}`);
}

/** Every stored row a request could change without a reason, as one comparable value. Rows that the events pipeline writes on its own time (notifications, delivery) are left out. */
async function storedState(): Promise<unknown> {
  const query = async (name: SubgraphName, sql: string, params: unknown[] = []) => (await databases.get(name)!.query(sql, params)).rows;
  return {
    users: await query("users", `select count(*)::int as count, max(updated_at) as "lastUpdate" from users`),
    products: await query(
      "products",
      `select count(*)::int as count, max(updated_at) as "lastUpdate", (select count(*)::int from stock_reservations) as reservations,
              (select row_to_json(p) from products p where id = $1) as frozen from products`,
      [shopper.frozenProductId],
    ),
    orders: await query(
      "orders",
      `select count(*)::int as count, (select count(*)::int from order_items) as items, (select count(*)::int from order_status_changes) as changes,
              (select row_to_json(o) from orders o where id = $1) as cancelled from orders`,
      [shopper.cancelledOrderId],
    ),
    readNotifications: await query("notifications", `select count(*)::int as count from notifications where read_at is not null`),
  };
}

/** A mutation the gateway refused outright: errors, no root field answered, none of them from deeper than a root field. */
function wasRefused(answer: Answer): boolean {
  const body = JSON.parse(answer.text) as { data?: Record<string, unknown> | null; errors?: { path?: unknown[] }[] };
  if (!body.errors?.length) return false;
  return Object.values(body.data ?? {}).every((value) => value === null) && body.errors.every((error) => (error.path?.length ?? 0) <= 1);
}

const options = (numRuns: number) => ({ seed: SEED, numRuns });

describe("the gateway under generated requests", () => {
  it("leaves every stored row as it was when it refuses a mutation", async () => {
    const mutations = requestArbitrary(apiSchema, { knownIds: shopper.knownIds, operations: ["mutation"] });
    const callers = fc.constantFrom<(string | undefined)[]>(undefined, shopper.token, "not-a-token");
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutations, callers, async (request, token) => {
        const before = await storedState();
        const answer = await send(asPost(request), token);
        expectClean(answer);
        if (!wasRefused(answer)) return;
        refused++;
        expect(await storedState()).toEqual(before);
      }),
      options(250),
    );
    // The property says something only if most generated mutations are in fact refused.
    expect(refused).toBeGreaterThan(150);
  }, 60_000);

  it("answers operations drawn from the schema cleanly, whoever asks", async () => {
    const requests = requestArbitrary(apiSchema, { knownIds });
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(requests, fc.constantFrom(...tokens), async (request, token) => {
        const answer = await send(asPost(request), token);
        expectClean(answer);
        if ("data" in JSON.parse(answer.text)) executed++;
      }),
      options(1000),
    );
    // Not only refusals at validation: enough of the generated operations are executed.
    expect(executed).toBeGreaterThan(300);
  }, 60_000);

  it("answers broken documents cleanly", async () => {
    const requests = brokenRequestArbitrary(requestArbitrary(apiSchema, { knownIds }));
    await fc.assert(
      fc.asyncProperty(requests, fc.constantFrom(...tokens), async (request, token) => expectClean(await send(asPost(request), token))),
      options(500),
    );
  }, 60_000);

  it("answers broken bodies, content types and encodings cleanly", async () => {
    const requests = rawRequestArbitrary(requestArbitrary(apiSchema, { knownIds, maxDepth: 2 }));
    await fc.assert(
      fc.asyncProperty(requests, async (request) => expectClean(await send(request))),
      options(250),
    );
  }, 60_000);
});

// The gateway with OPERATION_SAFELIST=true accepts only the registered operations
// (schema/persisted-query-manifest.json); with it off (the default), any operation runs and
// Apollo Server's automatic persisted queries work.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, unique, type GraphQLResult } from "../support/client.ts";
import { startStack, type Stack } from "../support/stack.ts";

interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}
const manifest = JSON.parse(readFileSync(new URL("../../schema/persisted-query-manifest.json", import.meta.url), "utf8")) as { operations: ManifestOperation[] };

function registered(name: string): ManifestOperation {
  const operation = manifest.operations.find((entry) => entry.name === name);
  if (!operation) throw new Error(`${name} is not a registered operation`);
  return operation;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A request as Apollo Client's persisted query link sends it: the id, and the text only when asked to. */
async function send(url: string, body: { query?: string; sha256Hash?: string; variables?: Record<string, unknown> }, token?: string): Promise<GraphQLResult> {
  const { sha256Hash, ...rest } = body;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ ...rest, ...(sha256Hash ? { extensions: { persistedQuery: { version: 1, sha256Hash } } } : {}) }),
  });
  return (await response.json()) as GraphQLResult;
}

describe("with the operation safelist on", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { OPERATION_SAFELIST: "true" } });
  });
  afterAll(() => stack?.stop());

  it("runs a registered operation sent by its id alone, with variables and a token", async () => {
    const register = registered("Register");
    const email = `${unique("safelist")}@test.shop`;
    const input = { email, password: "customer-password", name: "Safe Listed" };
    const { register: account } = dataOf(await send(stack.gatewayUrl, { sha256Hash: register.id, variables: { input } }));
    expect(account.user).toMatchObject({ email, role: "CUSTOMER" });

    const me = dataOf(await send(stack.gatewayUrl, { sha256Hash: registered("Me").id }, account.token)).me;
    expect(me).toMatchObject({ id: account.user.id, email });
  });

  it("runs a registered operation sent as its registered text", async () => {
    const categories = registered("Categories");
    expect(sha256(categories.body)).toBe(categories.id);
    expect(dataOf(await gql(stack.gatewayUrl, categories.body)).categories).toEqual(expect.any(Array));
    expect(dataOf(await send(stack.gatewayUrl, { query: categories.body, sha256Hash: categories.id })).categories).toEqual(expect.any(Array));
  });

  it("refuses an unregistered operation with a clear error, before it runs", async () => {
    const refused = await gql(stack.gatewayUrl, "{ categories }");
    expect(refused).toEqual({
      errors: [{ message: "This operation is not registered; only registered operations are accepted.", extensions: { code: "BAD_USER_INPUT" } }],
    });
    const mutation = await gql(stack.gatewayUrl, `mutation { register(input: { email: "${unique("x")}@test.shop", password: "long-enough", name: "X" }) { token } }`);
    expect(codesOf(mutation)).toEqual(["BAD_USER_INPUT"]);
    expect(mutation.data).toBeUndefined();
  });

  it("asks for the text of an unknown id, then refuses the text", async () => {
    const query = "query Probe { categories }";
    expect(codesOf(await send(stack.gatewayUrl, { sha256Hash: sha256(query) }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(codesOf(await send(stack.gatewayUrl, { query, sha256Hash: sha256(query) }))).toEqual(["BAD_USER_INPUT"]);
    expect(codesOf(await send(stack.gatewayUrl, { sha256Hash: sha256(query) }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });
});

describe("with the operation safelist off", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it("runs any operation, and registers automatic persisted queries on first use", async () => {
    const query = "query AnyCategories { categories }";
    expect(dataOf(await gql(stack.gatewayUrl, query)).categories).toEqual(expect.any(Array));

    expect(codesOf(await send(stack.gatewayUrl, { sha256Hash: sha256(query) }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(dataOf(await send(stack.gatewayUrl, { query, sha256Hash: sha256(query) })).categories).toEqual(expect.any(Array));
    expect(dataOf(await send(stack.gatewayUrl, { sha256Hash: sha256(query) })).categories).toEqual(expect.any(Array));
  });
});

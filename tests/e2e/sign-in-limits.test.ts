// Login and sign-up throttling through the real gateway, users subgraph and Redis: the 11th
// login to one account within a minute is refused with HTTP 429, whoever asks and whether
// or not the account exists; behind a trusted proxy each client address has its own limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codesOf, dataOf, gql, login, registerCustomer, subgraphGql, unique } from "../support/client.ts";
import { startStack, type Stack } from "../support/stack.ts";

const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { token } }`;

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string; retryAfter?: number } }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), codes: (body.errors ?? []).map((error) => error.extensions?.code), body };
}

describe("with the default limits", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it("refuses the 11th login to an account within a minute with 429 and Retry-After, even with the right password", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await post(stack.gatewayUrl, LOGIN, { email: customer.email, password: "wrong-password" })).toMatchObject({ status: 200, codes: ["UNAUTHENTICATED"] });
    }
    const refused = await post(stack.gatewayUrl, LOGIN, { email: customer.email, password: "customer-password" });
    expect(refused).toMatchObject({ status: 429, codes: ["RATE_LIMITED"] });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body.errors![0]!.extensions!.retryAfter).toBe(Number(refused.retryAfter));
  });

  it("answers an e-mail with no account exactly as one with an account", async () => {
    const answers = async (email: string) => {
      const seen = [];
      for (let attempt = 1; attempt <= 11; attempt++) {
        const { status, codes } = await post(stack.gatewayUrl, LOGIN, { email, password: "wrong-password" });
        seen.push({ status, codes });
      }
      return seen;
    };
    const customer = await registerCustomer(stack.gatewayUrl);
    expect(await answers(`${unique("nobody")}@test.shop`)).toEqual(await answers(customer.email));
  });

  it("signs a token out: it is refused from then on, while the user's other sessions go on", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const other = await login(stack.gatewayUrl, customer.email, "customer-password");
    const me = (token: string) => gql(stack.gatewayUrl, "{ me { email } }", {}, token);
    expect(dataOf(await me(customer.token)).me.email).toBe(customer.email);
    expect(dataOf(await gql(stack.gatewayUrl, "mutation { signedOut: logout }", {}, customer.token)).signedOut).toBe(true);
    expect(codesOf(await me(customer.token))).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(await gql(stack.gatewayUrl, "{ me { orders(first: 1) { totalCount } } }", {}, customer.token))).toEqual(["UNAUTHENTICATED"]);
    expect(dataOf(await me(other.token)).me.email).toBe(customer.email);
    expect(codesOf(await gql(stack.gatewayUrl, "mutation { logout }"))).toEqual(["UNAUTHENTICATED"]);
  });

  it("holds when the users subgraph is called directly", async () => {
    const customer = await registerCustomer(stack.gatewayUrl);
    const users = stack.services.users.url;
    for (let attempt = 1; attempt <= 10; attempt++) await subgraphGql(users, LOGIN, { email: customer.email, password: "wrong-password" });
    expect(codesOf(await subgraphGql(users, LOGIN, { email: customer.email, password: "customer-password" }))).toEqual(["RATE_LIMITED"]);
  });
});

describe("behind a trusted proxy", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { TRUST_PROXY: "loopback", AUTH_LIMIT_PER_ADDRESS: "3" } });
  });
  afterAll(() => stack?.stop());

  it("limits logins and sign-ups per client address, as X-Forwarded-For names it", async () => {
    const from = (address: string) => ({ "x-forwarded-for": address });
    const signUp = (address: string) =>
      post(stack.gatewayUrl, REGISTER, { input: { email: `${unique("limit")}@test.shop`, password: "customer-password", name: "Limit" } }, from(address));
    expect((await signUp("203.0.113.5")).codes).toEqual([]);
    expect((await post(stack.gatewayUrl, LOGIN, { email: `${unique("nobody")}@test.shop`, password: "wrong-password" }, from("203.0.113.5"))).codes).toEqual(["UNAUTHENTICATED"]);
    expect((await signUp("203.0.113.5")).codes).toEqual([]);
    expect(await signUp("203.0.113.5")).toMatchObject({ status: 429, codes: ["RATE_LIMITED"] });
    expect((await signUp("203.0.113.6")).codes).toEqual([]);
  });
});

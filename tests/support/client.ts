import { randomUUID } from "node:crypto";
import { createRequestSigner } from "@shop/request-signing";

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  /** A subscription payload's `position`, among others. */
  extensions?: Record<string, unknown>;
}

/** A client as a SPA is one: JSON over HTTP POST, the token in the Authorization header. */
export function gql<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  return post<T>(url, query, variables, token, false);
}

/** As the gateway or another service calls a subgraph: signed (subgraphs answer nothing else). */
export function subgraphGql<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  return post<T>(url, query, variables, token, true);
}

async function post<T>(url: string, query: string, variables: Record<string, unknown>, token: string | undefined, signed: boolean): Promise<GraphQLResult<T>> {
  const body = JSON.stringify({ query, variables });
  const signature = signed ? subgraphSignature(url, body) : {};
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...signature },
    body,
  });
  return (await response.json()) as GraphQLResult<T>;
}

// The run's secret (tests/support/test-env.ts), read when first used: the tests' environment is set by then.
let signer: ReturnType<typeof createRequestSigner> | undefined;

/** The headers that make a POST of `body` to a subgraph signed, as the gateway signs it. */
export function subgraphSignature(url: string, body: string): Record<string, string> {
  signer ??= createRequestSigner(process.env.REQUEST_SIGNING_SECRET!);
  return signer({ method: "POST", path: new URL(url).pathname, body });
}


/** The data of a result that must have succeeded; fails the test with the errors otherwise. */
export function dataOf<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

export function codesOf(result: GraphQLResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

/** Unique per call, so tests never collide with each other's data or an earlier run's. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) { token user { id email role } }
  }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token user { id role } }
  }
`;

export async function registerCustomer(url: string, extra: { phone?: string } = {}) {
  const email = `${unique("customer")}@test.shop`;
  const { register } = dataOf(
    await gql<{ register: { token: string; user: { id: string; email: string } } }>(url, REGISTER, {
      input: { email, password: "customer-password", name: "Test Customer", ...extra },
    }),
  );
  return { token: register.token, id: register.user.id, email };
}

export async function login(url: string, email: string, password: string) {
  const { login } = dataOf(await gql<{ login: { token: string; user: { id: string } } }>(url, LOGIN, { email, password }));
  return { token: login.token, id: login.user.id };
}

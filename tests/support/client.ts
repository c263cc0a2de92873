import { randomUUID } from "node:crypto";

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A client as a SPA is one: JSON over HTTP POST, the token in the Authorization header. */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<T>;
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

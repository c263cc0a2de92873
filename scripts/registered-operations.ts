// The SPA's registered operations (schema/operations, as the persisted-query manifest holds
// them), sent the way the SPA sends them: by id alone, which a gateway with the operation
// safelist on (production) accepts. A gateway without it gets the text too.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parsePersistedQueryManifest } from "@shop/schema-registry/persisted-queries";

const MANIFEST_PATH = fileURLToPath(new URL("../schema/persisted-query-manifest.json", import.meta.url));

export type OperationName = string;

export interface RegisteredOperations {
  /** The JSON body of a request for the registered operation `name`. */
  body(name: OperationName, variables?: Record<string, unknown>): string;
}

export function registeredOperations({ withText = false, manifestPath = MANIFEST_PATH } = {}): RegisteredOperations {
  const operations = new Map(parsePersistedQueryManifest(readFileSync(manifestPath, "utf8")).operations.map((operation) => [operation.name, operation]));
  return {
    body(name, variables = {}) {
      const operation = operations.get(name);
      if (!operation) throw new Error(`${name} is not a registered operation (schema/operations)`);
      return JSON.stringify({
        operationName: name,
        ...(withText ? { query: operation.body } : {}),
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } },
      });
    },
  };
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; retryAfter?: number } }[];
}

/** Sends a registered operation; the result's data, or an error naming the operation and the first error's code. */
export async function callRegistered<T>(gatewayUrl: string, operations: RegisteredOperations, name: OperationName, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: operations.body(name, variables),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (body.errors?.length || !body.data) {
    const [first] = body.errors ?? [];
    throw Object.assign(new Error(`${name}: ${first?.extensions?.code ?? `HTTP ${response.status}`}: ${first?.message ?? "no data"}`), {
      code: first?.extensions?.code,
      retryAfter: first?.extensions?.retryAfter,
    });
  }
  return body.data;
}

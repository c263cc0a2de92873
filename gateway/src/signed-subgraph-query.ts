import type { RequestSigner } from "@shop/request-signing";

export interface SubgraphAnswer<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * A query the gateway itself sends to one subgraph, outside the query planner (for what the
 * API schema does not have, such as internal fields), signed as every gateway request is, with
 * the caller's credentials. Resolves to the subgraph's answer; rejects when it cannot be had.
 */
export function createSignedSubgraphQuery({ url, signRequest, timeoutMs }: { url: string; signRequest: RequestSigner; timeoutMs: number }) {
  const { pathname, search } = new URL(url);
  return async <T>(query: string, variables: Record<string, unknown>, authorization: string): Promise<SubgraphAnswer<T>> => {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization, ...signRequest({ method: "POST", path: pathname + search, body }) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, ...((await response.json()) as Omit<SubgraphAnswer<T>, "status">) };
  };
}

export type SignedSubgraphQuery = ReturnType<typeof createSignedSubgraphQuery>;

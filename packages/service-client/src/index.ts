import { ErrorCode, isContractErrorCode, ServiceUnavailableError, ShopError } from "@shop/errors";

export interface ServiceClientOptions {
  /** The other service's GraphQL endpoint. */
  url: string;
  /** A caller that gives up on a slow service, instead of hanging with it. */
  timeoutMs: number;
  /** Sent as `Authorization: Bearer ...`: a short-lived service token. */
  token: () => Promise<string>;
  /** For messages: which service this client talks to. */
  service: string;
}

export interface ServiceClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Service-to-service GraphQL over HTTP. A domain error the other service returns (with a
 * contract code) is rethrown as the same error; an unreachable, slow or broken service
 * becomes SERVICE_UNAVAILABLE so the client learns to retry, not what went wrong inside.
 */
export function createServiceClient({ url, timeoutMs, token, service }: ServiceClientOptions): ServiceClient {
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: ${describe(error)}`) });
      }
      const body = (await response.json().catch(() => null)) as GraphQLResponse<T> | null;
      const first = body?.errors?.[0];
      if (first) {
        const code = first.extensions?.code;
        if (isContractErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
          const { code: _code, ...details } = first.extensions ?? {};
          throw new ShopError(code, first.message, details);
        }
        throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: ${String(code)}: ${first.message}`) });
      }
      if (!response.ok || !body?.data) {
        throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: HTTP ${response.status}`) });
      }
      return body.data;
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "timeout";
  return error instanceof Error ? error.message : String(error);
}

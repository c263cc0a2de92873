import CircuitBreaker from "opossum";
import { ErrorCode, isContractErrorCode, ServiceUnavailableError, ShopError } from "@shop/errors";
import type { RequestSigner } from "@shop/request-signing";

export interface ServiceClientOptions {
  /** The other service's GraphQL endpoint. */
  url: string;
  /** A caller that gives up on a slow service, instead of hanging with it. */
  timeoutMs: number;
  /** Sent as `Authorization: Bearer ...`: a short-lived service token. */
  token: () => Promise<string>;
  /** Signs each request: subgraphs answer signed requests only. */
  signRequest: RequestSigner;
  /** For messages: which service this client talks to. */
  service: string;
  /**
   * Extra tries when the service could not be reached at all (connection refused or reset).
   * Only for operations that are safe to repeat; timeouts are never retried.
   */
  retries?: number;
  /** How long the breaker stays open (failing fast) before it lets one call through to test the service. */
  breakerResetMs?: number;
}

export interface ServiceClient {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

// Answers about the request itself, which the caller's client should see as they are. Anything
// else (UNAUTHENTICATED between services, INTERNAL_SERVER_ERROR, ...) is this system's fault,
// and the caller's client must not mistake it for its own, e.g. log the user out.
const DOMAIN_CODES = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND, ErrorCode.OUT_OF_STOCK, ErrorCode.CONFLICT]);

/** The service could not be reached at all; repeating an idempotent call may succeed. */
class Unreachable extends Error {}

const RETRY_DELAY_MS = 100;

/**
 * Service-to-service GraphQL over HTTP. A domain error the other service returns (with a
 * contract code) is rethrown as the same error; an unreachable, slow or broken service
 * becomes SERVICE_UNAVAILABLE so the client learns to retry, not what went wrong inside.
 * A circuit breaker fails calls at once while the service keeps failing, and lets a
 * trial call through after `breakerResetMs`, so the caller recovers on its own.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const { url, timeoutMs, token, service, retries = 0, signRequest } = options;
  const { pathname, search } = new URL(url);

  async function attempt<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      const body = JSON.stringify({ query, variables });
      response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${await token()}`,
          ...signRequest({ method: "POST", path: pathname + search, body }),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && error.name === "TimeoutError") {
        throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: no answer within ${timeoutMs} ms`) });
      }
      throw new Unreachable(`${service}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => null)) as GraphQLResponse<T> | null;
    const first = body?.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      if (isContractErrorCode(code) && DOMAIN_CODES.has(code)) {
        const { code: _code, ...details } = first.extensions ?? {};
        throw new ShopError(code, first.message, details);
      }
      throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: ${String(code)}: ${first.message}`) });
    }
    if (!response.ok || !body?.data) {
      throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: HTTP ${response.status}`) });
    }
    return body.data;
  }

  async function withRetries<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    for (let attemptNumber = 0; ; attemptNumber++) {
      try {
        return await attempt<T>(query, variables);
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        if (attemptNumber >= retries) throw new ServiceUnavailableError(undefined, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * 2 ** attemptNumber));
      }
    }
  }

  const breaker = new CircuitBreaker(withRetries, {
    timeout: false, // each attempt has its own timeout
    resetTimeout: options.breakerResetMs ?? 5000,
    volumeThreshold: 3,
    errorThresholdPercentage: 50,
    // A domain answer (OUT_OF_STOCK, NOT_FOUND, ...) means the service works.
    errorFilter: (error) => error instanceof ShopError && error.code !== ErrorCode.SERVICE_UNAVAILABLE,
  });

  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      try {
        return (await breaker.fire(query, variables)) as T;
      } catch (error) {
        // Everything else is the breaker refusing while open or half-open.
        if (error instanceof ShopError) throw error;
        throw new ServiceUnavailableError(undefined, { cause: new Error(`${service}: ${(error as Error).message}`) });
      }
    },
  };
}

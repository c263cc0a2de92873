import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ErrorCode } from "@shop/errors";

/**
 * A RATE_LIMITED answer (a subgraph's sign-in limits) is HTTP 429 with `Retry-After`, so that
 * clients and proxies back off as HTTP says, not only by reading the error.
 */
export function useRateLimitStatus<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const limited = (response.body.singleResult.errors ?? []).filter((error) => error.extensions?.code === ErrorCode.RATE_LIMITED);
          if (limited.length === 0) return;
          const retryAfter = Math.max(...limited.map((error) => Number(error.extensions?.retryAfter) || 1));
          response.http.status = 429;
          response.http.headers.set("retry-after", String(retryAfter));
        },
      };
    },
  };
}

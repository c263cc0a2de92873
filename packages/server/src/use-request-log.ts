import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { errorCodesOf } from "@shop/metrics";
import type { Logger } from "@shop/logger";

// Codes that mean the service failed, not the client: worth a warning.
const SERVER_SIDE = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

/**
 * One line per GraphQL request: operation, duration, HTTP status, outcome with the error
 * codes, and the request id (x-request-id). Never the variables or the query text, which can
 * hold credentials.
 */
export function useRequestLog<TContext extends BaseContext>({ logger }: { logger: Logger }): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const start = performance.now();
      return {
        async willSendResponse({ request, operationName, operation, response }) {
          const errorCodes = errorCodesOf(response);
          const line = {
            requestId: request.http?.headers.get("x-request-id"),
            operationName: operationName ?? request.operationName ?? null,
            operationType: operation?.operation ?? null,
            durationMs: Math.round((performance.now() - start) * 10) / 10,
            status: response.http.status ?? 200,
            outcome: errorCodes.length > 0 ? "error" : "ok",
            ...(errorCodes.length > 0 ? { errorCodes } : {}),
          };
          if (errorCodes.some((code) => SERVER_SIDE.has(code))) logger.warn(line, "graphql request");
          else logger.info(line, "graphql request");
        },
      };
    },
  };
}

import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { parserTokenLimitOf } from "@shop/errors";
import type { Logger } from "@shop/logger";
import { createLimitsCheck, limitError, type LimitName, type OperationLimits } from "./operation-limits.ts";

export interface OperationLimitsOptions {
  limits: OperationLimits;
  /** The cost estimate's size of a list that has no `first`. */
  defaultListSize: number;
  /** "log": an operation over a limit still runs, and is logged and counted; to try new limits on real traffic. */
  mode: "enforce" | "log";
  logger: Logger;
  /** Counts each limit an operation went over (the /metrics counter). */
  onExceeded: (limit: LimitName, action: "refused" | "logged") => void;
}

/**
 * Refuses an operation over one of the limits (depth, aliases, root fields, tokens,
 * directives, estimated cost) once it is parsed and validated, before the gateway plans or
 * sends anything: HTTP 400, one error with Apollo Router's code for that limit. In "enforce"
 * mode the gateway also gives the token limit to the parser, which stops there; this counts those.
 */
export function useOperationLimits<TContext extends BaseContext>(options: OperationLimitsOptions): ApolloServerPlugin<TContext> {
  const { limits, defaultListSize, mode, logger, onExceeded } = options;
  const exceededLimits = createLimitsCheck(limits, defaultListSize);
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return async (error) => {
            if (error && parserTokenLimitOf(error.message) !== undefined) onExceeded("tokens", "refused");
          };
        },
        async didResolveOperation({ schema, source, document, operation, request }) {
          if (!operation) return;
          const exceeded = exceededLimits({ schema, source, document, operation, variables: request.variables ?? {} });
          if (exceeded.length === 0) return;
          const action = mode === "enforce" ? "refused" : "logged";
          for (const limit of exceeded) onExceeded(limit, action);
          logger.warn({ limits: exceeded, operationName: operation.name?.value ?? null, action }, "operation over a limit");
          if (mode === "enforce") throw limitError(exceeded[0]!, limits);
        },
      };
    },
  };
}

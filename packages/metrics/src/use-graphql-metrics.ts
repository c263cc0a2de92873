import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Counter, Histogram, type Registry } from "prom-client";
import { errorCodesOf } from "./graphql-response.ts";

export const GRAPHQL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface GraphQLMetricsOptions {
  registry: Registry;
  /** Bounds the label: see boundedOperationName. */
  operationLabel: (name: string | null | undefined) => string;
}

/**
 * RED metrics per operation for an Apollo Server: requests, errors by code and duration,
 * labelled by (bounded) operation name and type. An operation that could not be parsed or
 * resolved has type `unknown`.
 */
export function useGraphQLMetrics<TContext extends BaseContext>({ registry, operationLabel }: GraphQLMetricsOptions): ApolloServerPlugin<TContext> {
  const labelNames = ["operation_name", "operation_type"] as const;
  const requests = new Counter({ name: "graphql_requests_total", help: "GraphQL requests served.", labelNames, registers: [registry] });
  const errors = new Counter({
    name: "graphql_request_errors_total",
    help: "Errors in GraphQL responses, by extensions.code.",
    labelNames: [...labelNames, "code"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its response.",
    labelNames,
    buckets: GRAPHQL_DURATION_BUCKETS,
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const stopTimer = duration.startTimer();
      return {
        async willSendResponse({ request, operationName, operation, response }) {
          const labels = { operation_name: operationLabel(operationName ?? request.operationName), operation_type: operation?.operation ?? "unknown" };
          stopTimer(labels);
          requests.inc(labels);
          for (const code of errorCodesOf(response)) errors.inc({ ...labels, code });
        },
      };
    },
  };
}

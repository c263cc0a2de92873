export { createServiceRegistry } from "./registry.ts";
export { ANONYMOUS_OPERATION, UNKNOWN_OPERATION, boundedOperationName, loadRegisteredOperationNames } from "./operation-names.ts";
export { useGraphQLMetrics, type GraphQLMetricsOptions } from "./use-graphql-metrics.ts";
export { errorCodeLabel, errorCodesOf } from "./graphql-response.ts";
export { createDbQueryMetrics } from "./db-metrics.ts";
export { createEventMetrics, registerOutboxBacklog, type EventMetrics } from "./event-metrics.ts";
export { createGatewayMetrics, type GatewayMetrics } from "./gateway-metrics.ts";
export { startMetricsServer, type MetricsServer } from "./metrics-server.ts";
export type { Registry } from "prom-client";

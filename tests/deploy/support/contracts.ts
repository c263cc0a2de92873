// The observability names every service implements (the cross-service contract of issue 5, also
// listed in docs/observability.md). The deploy files are checked against these, so a renamed
// metric, port or entry command cannot silently leave a dashboard panel or a scrape target empty.
import { SUBGRAPHS } from "@shop/config";

export const SERVICES = ["gateway", ...Object.keys(SUBGRAPHS)] as const;
export type ServiceName = (typeof SERVICES)[number];

/** How every service process starts, from its workspace folder: tracing loads before anything else. */
export const ENTRY_COMMAND = ["node", "--import", "tsx", "--import", "@shop/tracing/register", "src/main.ts"];

/** `<NAME>_METRICS_PORT` defaults: /metrics on a port of its own, never the GraphQL one. */
export const METRICS_PORTS: Record<ServiceName, number> = { gateway: 9400, users: 9401, products: 9402, orders: 9403, notifications: 9404 };

export const SHUTDOWN_GRACE_MS_DEFAULT = 10_000;

/** Every metric the services export, by type (histograms are queried through _bucket, _count, _sum). */
export const METRICS = {
  counters: [
    "graphql_requests_total",
    "graphql_request_errors_total",
    "gateway_subgraph_request_errors_total",
    "events_published_total",
    "events_consumed_total",
  ],
  histograms: [
    "graphql_request_duration_seconds",
    "gateway_subgraph_request_duration_seconds",
    "db_query_duration_seconds",
    "events_consume_lag_seconds",
  ],
  gauges: ["graphql_subscriptions_active", "websocket_connections_active", "outbox_pending_events"],
  // prom-client's collectDefaultMetrics (process_*, nodejs_*): the ones the dashboard uses.
  defaults: ["process_cpu_seconds_total", "process_resident_memory_bytes", "nodejs_heap_size_used_bytes", "nodejs_eventloop_lag_p99_seconds"],
};

/** Series names a PromQL query may use: the metrics above, histograms' parts, and Prometheus' own. */
export const QUERYABLE_SERIES = new Set([
  ...METRICS.counters,
  ...METRICS.gauges,
  ...METRICS.defaults,
  ...METRICS.histograms.flatMap((name) => [`${name}_bucket`, `${name}_count`, `${name}_sum`]),
  "up",
  "ALERTS",
]);

import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** The gateway's own series: its fetches to each subgraph, live subscriptions, and operations over a limit. */
export function createGatewayMetrics(registry: Registry) {
  const fetchDuration = new Histogram({
    name: "gateway_subgraph_request_duration_seconds",
    help: "Time of each fetch the gateway makes to a subgraph.",
    labelNames: ["subgraph"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: "gateway_subgraph_request_errors_total",
    help: "Subgraph fetches that failed (code SERVICE_UNAVAILABLE) or returned errors (their extensions.code).",
    labelNames: ["subgraph", "code"],
    registers: [registry],
  });
  const subscriptions = new Gauge({
    name: "graphql_subscriptions_active",
    help: "Subscriptions being served, by Subscription field.",
    labelNames: ["field"],
    registers: [registry],
  });
  const webSockets = new Gauge({ name: "websocket_connections_active", help: "Open graphql-ws connections.", registers: [registry] });
  const limitsExceeded = new Counter({
    name: "gateway_operation_limit_exceeded_total",
    help: "Operations over one of the gateway's limits (depth, aliases, ...): refused, or only logged in log-only mode.",
    labelNames: ["limit", "action"],
    registers: [registry],
  });
  const responseCacheRefreshes = new Counter({
    name: "gateway_response_cache_refreshes_total",
    help: "Cached answers run again in the background in the last fifth of their time, to be replaced before they expire.",
    registers: [registry],
  });
  const responseCache = new Counter({
    name: "gateway_response_cache_requests_total",
    help: "Queries answered from the gateway's response cache (hit), looked up and not found (miss), or passed by while it could not hear invalidations (bypass).",
    labelNames: ["result"],
    registers: [registry],
  });
  const fetchCache = new Counter({
    name: "gateway_subgraph_fetch_cache_requests_total",
    help: "Subgraph fetches of cacheable requests answered from the response cache (hit) or sent (miss), per subgraph.",
    labelNames: ["subgraph", "result"],
    registers: [registry],
  });
  return {
    subgraphFetchCache: (subgraph: string, result: "hit" | "miss") => fetchCache.inc({ subgraph, result }),
    responseCacheResult: (result: "hit" | "miss" | "bypass") => responseCache.inc({ result }),
    responseCacheRefresh: () => responseCacheRefreshes.inc(),
    /** Starts timing one fetch; call the result with the error codes it ended with (none: success). */
    subgraphFetch(subgraph: string) {
      const stop = fetchDuration.startTimer({ subgraph });
      return (codes: readonly string[]) => {
        stop();
        for (const code of codes) fetchErrors.inc({ subgraph, code });
      };
    },
    /** Counts a subscription in; returns its release, which counts it out once however often it is called. */
    subscriptionOpened: (field: string) => countOpen(subscriptions, { field }),
    /** Counts a connection in; returns its release, as subscriptionOpened does. */
    webSocketOpened: () => countOpen(webSockets, {}),
    operationLimitExceeded: (limit: string, action: "refused" | "logged") => limitsExceeded.inc({ limit, action }),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

function countOpen<T extends string>(gauge: Gauge<T>, labels: Partial<Record<T, string>>): () => void {
  gauge.inc(labels);
  let open = true;
  return () => {
    if (open) gauge.dec(labels);
    open = false;
  };
}

import { env, eventsEnv, loadSubgraphConfig, outboxEnv, subgraphUrlFor } from "@shop/config";

/** The products service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const productsEnv = {
  ...eventsEnv,
  ...outboxEnv,
  ORDERS_TIMEOUT_MS: env.positiveInt(2000),
  // Far longer than placing an order can take, so only orphans are ever released.
  RESERVATION_TTL_MS: env.positiveInt(120_000),
  RECONCILE_INTERVAL_MS: env.positiveInt(30_000),
};

export function loadProductsConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("products", productsEnv, source);
  return {
    ...config,
    ordersUrl: subgraphUrlFor("orders", source),
    ordersTimeoutMs: config.env.ORDERS_TIMEOUT_MS,
    reservationTtlMs: config.env.RESERVATION_TTL_MS,
    reconcileIntervalMs: config.env.RECONCILE_INTERVAL_MS,
    redisUrl: config.env.REDIS_URL,
    eventsNamespace: config.env.EVENTS_NAMESPACE,
    outboxPollMs: config.env.OUTBOX_POLL_MS,
  };
}

export type ProductsConfig = ReturnType<typeof loadProductsConfig>;

import { env, eventsEnv, loadSubgraphConfig, outboxEnv, streamConsumerEnv, subgraphUrlFor } from "@shop/config";

/** The products service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const productsEnv = {
  ...eventsEnv,
  ...outboxEnv,
  ...streamConsumerEnv,
  ORDERS_TIMEOUT_MS: env.positiveInt(2000),
  // Far longer than placing an order can take, so only orphans are ever released.
  RESERVATION_TTL_MS: env.positiveInt(120_000),
  RECONCILE_INTERVAL_MS: env.positiveInt(30_000),
  // Released reservations are kept this long (a late retry of the same order finds it given up), then deleted.
  RESERVATION_TOMBSTONE_RETENTION_DAYS: env.positiveInt(30),
};

export function loadProductsConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("products", productsEnv, source);
  return {
    ...config,
    ordersUrl: subgraphUrlFor("orders", source),
    ordersTimeoutMs: config.env.ORDERS_TIMEOUT_MS,
    reservationTtlMs: config.env.RESERVATION_TTL_MS,
    reconcileIntervalMs: config.env.RECONCILE_INTERVAL_MS,
    reservationTombstoneRetentionMs: config.env.RESERVATION_TOMBSTONE_RETENTION_DAYS * 86_400_000,
    deadConsumerIdleMs: config.env.DEAD_CONSUMER_IDLE_HOURS * 3_600_000,
    redisUrl: config.env.REDIS_URL,
    eventsNamespace: config.env.EVENTS_NAMESPACE,
    outboxPollMs: config.env.OUTBOX_POLL_MS,
  };
}

export type ProductsConfig = ReturnType<typeof loadProductsConfig>;

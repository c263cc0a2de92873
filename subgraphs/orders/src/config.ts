import { z } from "zod";
import { env, eventsEnv, loadSubgraphConfig, outboxEnv, subgraphUrlFor } from "@shop/config";

/** The orders service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const ordersEnv = {
  ...eventsEnv,
  ...outboxEnv,
  // A service that is down fails at once (refused, then the open breaker); this bounds a slow one.
  // Bounded well below the 15 s transactions that wait on it (idempotent placement).
  PRODUCTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(2000),
  PRODUCTS_BREAKER_RESET_MS: env.positiveInt(5000),
};

export function loadOrdersConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("orders", ordersEnv, source);
  return {
    ...config,
    productsUrl: subgraphUrlFor("products", source),
    productsTimeoutMs: config.env.PRODUCTS_TIMEOUT_MS,
    productsBreakerResetMs: config.env.PRODUCTS_BREAKER_RESET_MS,
    redisUrl: config.env.REDIS_URL,
    eventsNamespace: config.env.EVENTS_NAMESPACE,
    outboxPollMs: config.env.OUTBOX_POLL_MS,
  };
}

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

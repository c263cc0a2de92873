import DataLoader from "dataloader";
import { eventNames, pruneOnSchedule, resolveEventBus, type EventBus } from "@shop/events";
import { createEventMetrics } from "@shop/metrics";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { ProductsConfig } from "./config.ts";
import { createOrdersClient } from "./data/orders-client.ts";
import { createProductsDb } from "./data/prisma.ts";
import { createProductRepository } from "./data/product-repository.ts";
import { createReservationRepository } from "./data/reservation-repository.ts";
import { createProductService } from "./domain/product-service.ts";
import { startCancellationConsumer } from "./events/cancellation-consumer.ts";
import { startReservationReconciler } from "./events/reservation-reconciler.ts";
import { resolvers, type ProductsContext } from "./resolvers.ts";

/**
 * `onQuery` observes every SQL statement (tests use it to prove entity loads are batched);
 * `bus`: the event bus shared by every service of the process; a Redis bus of its own otherwise.
 */
export async function startProductsSubgraph(config: ProductsConfig, { onQuery, bus }: { onQuery?: (sql: string) => void; bus?: EventBus } = {}) {
  const runtime = createSubgraphRuntime(config);
  const db = createProductsDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery, onQuery });
  const products = createProductRepository(db);
  const reservations = createReservationRepository(db);
  const productService = createProductService({ products, reservations });
  const reconciler = startReservationReconciler({
    reservations,
    orders: createOrdersClient({ url: config.ordersUrl, timeoutMs: config.ordersTimeoutMs, tokens: runtime.tokens, signRequest: runtime.signRequest }),
    ttlMs: config.reservationTtlMs,
    intervalMs: config.reconcileIntervalMs,
    logger: runtime.logger,
  });
  const events = resolveEventBus({ shared: bus, redisUrl: config.redisUrl, logger: runtime.logger, name: "products-events" });
  const cancellations = startCancellationConsumer({
    bus: events.bus,
    names: eventNames(config.eventsNamespace),
    reservations,
    logger: runtime.logger,
    events: createEventMetrics(runtime.metrics.registry),
    deadConsumerIdleMs: config.deadConsumerIdleMs,
  });
  const tombstones = pruneOnSchedule({
    name: "reservation-tombstones",
    logger: runtime.logger,
    prune: (limit) => reservations.deleteReleasedBefore(new Date(Date.now() - config.reservationTombstoneRetentionMs), limit),
  });
  const service = await startSubgraph<ProductsContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    workers: [reconciler, cancellations, tombstones],
    events,
    nonces: bus ? undefined : { redisUrl: config.redisUrl, namespace: config.eventsNamespace },
    context: (base) => ({ ...base, productService, productById: new DataLoader((ids) => products.findByIds(ids)) }),
  });
  return { service, logger: runtime.logger };
}

import DataLoader from "dataloader";
import { eventNames, pruneOnSchedule, resolveEventBus, startOutboxRelay, type EventBus } from "@shop/events";
import { createEventMetrics, registerOutboxBacklog } from "@shop/metrics";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { ProductsConfig } from "./config.ts";
import { createOrdersClient } from "./data/orders-client.ts";
import { createProductsDb } from "./data/prisma.ts";
import { createProductRepository } from "./data/product-repository.ts";
import { createReservationRepository } from "./data/reservation-repository.ts";
import { createProductService } from "./domain/product-service.ts";
import { startCancellationConsumer } from "./events/cancellation-consumer.ts";
import { startReservationReconciler } from "./events/reservation-reconciler.ts";
import { CACHEABLE_ROOT_FIELDS, resolvers, type ProductsContext } from "./resolvers.ts";

// Any fixed number: the advisory lock that makes one replica at a time the products relay.
const PRODUCTS_RELAY_LOCK = 4_242_002;

/**
 * `onQuery` observes every SQL statement (tests use it to prove entity loads are batched);
 * `bus`: the event bus shared by every service of the process; a Redis bus of its own otherwise.
 */
export async function startProductsSubgraph(config: ProductsConfig, { onQuery, bus }: { onQuery?: (sql: string) => void; bus?: EventBus } = {}) {
  const runtime = createSubgraphRuntime(config);
  const db = createProductsDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery, onQuery });
  const events = resolveEventBus({ shared: bus, redisUrl: config.redisUrl, logger: runtime.logger, name: "products-events" });
  const names = eventNames(config.eventsNamespace);
  const eventMetrics = createEventMetrics(runtime.metrics.registry);
  // Every change of what the catalogue shows, for the caches that must drop it (docs/events.md).
  const relay = startOutboxRelay({
    db,
    bus: events.bus,
    stream: names.productEventsStream,
    channels: () => [names.changesChannel],
    lockKey: PRODUCTS_RELAY_LOCK,
    logger: runtime.logger,
    intervalMs: config.outboxPollMs,
    onPublished: eventMetrics.published,
  });
  registerOutboxBacklog(runtime.metrics.registry, () => db.outboxEvent.count({ where: { publishedAt: null } }));
  const products = createProductRepository(db, { onOutboxWrite: relay.nudge });
  const reservations = createReservationRepository(db, { onOutboxWrite: relay.nudge });
  const productService = createProductService({ products, reservations });
  const reconciler = startReservationReconciler({
    reservations,
    orders: createOrdersClient({ url: config.ordersUrl, timeoutMs: config.ordersTimeoutMs, tokens: runtime.tokens, signRequest: runtime.signRequest }),
    ttlMs: config.reservationTtlMs,
    intervalMs: config.reconcileIntervalMs,
    logger: runtime.logger,
  });
  const cancellations = startCancellationConsumer({
    bus: events.bus,
    names,
    reservations,
    logger: runtime.logger,
    events: eventMetrics,
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
    workers: [relay, reconciler, cancellations, tombstones],
    events,
    cacheableRootFields: CACHEABLE_ROOT_FIELDS,
    nonces: bus ? undefined : { redisUrl: config.redisUrl, namespace: config.eventsNamespace },
    context: (base) => ({ ...base, productService, productById: new DataLoader((ids) => products.findByIds(ids)) }),
  });
  return { service, logger: runtime.logger };
}

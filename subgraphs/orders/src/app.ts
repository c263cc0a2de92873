import DataLoader from "dataloader";
import { eventNames, resolveEventBus, startOutboxRelay, type EventBus, type OrderEventData } from "@shop/events";
import { createEventMetrics, registerOutboxBacklog } from "@shop/metrics";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { OrdersConfig } from "./config.ts";
import { createOrderRepository } from "./data/order-repository.ts";
import { createOrdersDb } from "./data/prisma.ts";
import { createProductsClient } from "./data/products-client.ts";
import { createOrderService } from "./domain/order-service.ts";
import { CACHEABLE_ROOT_FIELDS, resolvers, type OrdersContext } from "./resolvers.ts";

// Any fixed number: the advisory lock that makes one replica at a time the orders relay.
const ORDERS_RELAY_LOCK = 4_242_001;

/** `bus`: the event bus shared by every service of the process; a Redis bus of its own otherwise. */
export async function startOrdersSubgraph(config: OrdersConfig, { bus }: { bus?: EventBus } = {}) {
  const runtime = createSubgraphRuntime(config);
  const db = createOrdersDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery });
  const events = resolveEventBus({ shared: bus, redisUrl: config.redisUrl, logger: runtime.logger, name: "orders-outbox" });
  const names = eventNames(config.eventsNamespace);
  const relay = startOutboxRelay({
    db,
    bus: events.bus,
    stream: names.orderEventsStream,
    channels: ({ data }) => {
      const { orderId, userId } = data as OrderEventData;
      return [names.orderChannel(orderId), names.userChannel(userId), names.changesChannel];
    },
    lockKey: ORDERS_RELAY_LOCK,
    logger: runtime.logger,
    intervalMs: config.outboxPollMs,
    onPublished: createEventMetrics(runtime.metrics.registry).published,
  });
  registerOutboxBacklog(runtime.metrics.registry, () => db.outboxEvent.count({ where: { publishedAt: null } }));
  const orders = createOrderRepository(db, { onOutboxWrite: relay.nudge });
  const products = createProductsClient({
    url: config.productsUrl,
    timeoutMs: config.productsTimeoutMs,
    breakerResetMs: config.productsBreakerResetMs,
    tokens: runtime.tokens,
    signRequest: runtime.signRequest,
  });
  const orderService = createOrderService({ orders, products });
  const service = await startSubgraph<OrdersContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    cacheableRootFields: CACHEABLE_ROOT_FIELDS,
    database: db,
    workers: [relay],
    events,
    nonces: bus ? undefined : { redisUrl: config.redisUrl, namespace: config.eventsNamespace },
    context: (base) => ({ ...base, orderService, orderById: new DataLoader((ids) => orders.findByIds(ids)) }),
  });
  return { service, logger: runtime.logger };
}

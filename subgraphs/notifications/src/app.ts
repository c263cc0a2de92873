import DataLoader from "dataloader";
import { ConsumerGroup, eventNames, pruneOnSchedule, replicaName, resolveEventBus, type EventBus } from "@shop/events";
import { createEventMetrics } from "@shop/metrics";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { NotificationsConfig } from "./config.ts";
import { createDeliveryRepository } from "./data/delivery-repository.ts";
import { createNotificationRepository } from "./data/notification-repository.ts";
import { createNotificationsDb } from "./data/prisma.ts";
import { createUsersClient } from "./data/users-client.ts";
import { createDeliveryChannels } from "./delivery/channels.ts";
import { SENT_CHANNELS } from "./domain/delivery-rules.ts";
import { createNotificationService } from "./domain/notification-service.ts";
import { startDeliveryWorker } from "./events/delivery-worker.ts";
import { createLiveAnnouncer } from "./events/live-notifications.ts";
import { createOrderEventHandler } from "./events/order-event-handler.ts";
import { resolvers, type NotificationsContext } from "./resolvers.ts";

/** `bus`: the event bus shared by every service of the process; a Redis bus of its own otherwise. */
export async function startNotificationsSubgraph(config: NotificationsConfig, { bus }: { bus?: EventBus } = {}) {
  const runtime = createSubgraphRuntime(config);
  const { logger } = runtime;
  const db = createNotificationsDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery });
  const names = eventNames(config.eventsNamespace);
  const events = resolveEventBus({ shared: bus, redisUrl: config.redisUrl, logger, name: "notifications" });

  const channels = createDeliveryChannels(config.channels, logger);
  const delivery = startDeliveryWorker({
    deliveries: createDeliveryRepository(db),
    channels,
    policy: config.delivery,
    pollMs: config.delivery.pollMs,
    timeoutMs: config.delivery.timeoutMs,
    logger,
  });
  const announce = createLiveAnnouncer({ bus: events.bus, names, logger });
  const notifications = createNotificationRepository(db);
  const notificationService = createNotificationService({
    notifications,
    contacts: createUsersClient({ url: config.usersUrl, timeoutMs: config.usersTimeoutMs, tokens: runtime.tokens, signRequest: runtime.signRequest }),
    async onCreated(created) {
      delivery.nudge();
      await announce(created);
    },
  });

  const consumerName = replicaName();
  const consumer = events.bus.consume({
    stream: names.orderEventsStream,
    group: ConsumerGroup.NOTIFICATIONS,
    consumer: consumerName,
    handle: createOrderEventHandler({ notificationService, processedBy: consumerName, logger }),
    onHandled: createEventMetrics(runtime.metrics.registry).consumedBy(ConsumerGroup.NOTIFICATIONS),
    deadConsumerIdleMs: config.deadConsumerIdleMs,
    logger,
  });
  const processedEvents = pruneOnSchedule({
    name: "processed-events",
    logger,
    prune: (limit) => notifications.deleteProcessedEventsBefore(new Date(Date.now() - config.processedEventsRetentionMs), limit),
  });
  logger.info(
    {
      stream: names.orderEventsStream,
      group: ConsumerGroup.NOTIFICATIONS,
      consumer: consumerName,
      adapters: Object.fromEntries(SENT_CHANNELS.map((channel) => [channel, channels[channel].adapter])),
    },
    "notifications pipeline started",
  );

  const service = await startSubgraph<NotificationsContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    workers: [consumer, delivery, processedEvents],
    events,
    nonces: bus ? undefined : { redisUrl: config.redisUrl, namespace: config.eventsNamespace },
    context: (base) => ({
      ...base,
      notificationService,
      notificationById: new DataLoader((ids) => notifications.findByIds(ids)),
    }),
  });
  return { service, logger };
}

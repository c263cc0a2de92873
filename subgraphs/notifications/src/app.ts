import DataLoader from "dataloader";
import { ConsumerGroup, createRedis, eventNames, replicaName, startStreamConsumer, tracedHandler } from "@shop/events";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { NotificationsConfig } from "./config.ts";
import { createDeliveryRepository } from "./data/delivery-repository.ts";
import { createNotificationRepository } from "./data/notification-repository.ts";
import { createNotificationsDb } from "./data/prisma.ts";
import { createUsersClient } from "./data/users-client.ts";
import { createDeliveryChannels } from "./delivery/channels.ts";
import { createNotificationService } from "./domain/notification-service.ts";
import { startDeliveryWorker } from "./events/delivery-worker.ts";
import { createLiveAnnouncer } from "./events/live-notifications.ts";
import { createOrderEventHandler } from "./events/order-event-handler.ts";
import { resolvers, type NotificationsContext } from "./resolvers/index.ts";

export async function startNotificationsSubgraph(config: NotificationsConfig) {
  const runtime = createSubgraphRuntime(config);
  const { logger } = runtime;
  const db = createNotificationsDb(config.databaseUrl);
  const names = eventNames(config.eventsNamespace);
  // Two connections: the consumer's is held by its blocking reads; the other publishes and answers /readyz.
  const redis = createRedis(config.redisUrl, logger, "notifications");
  const consumerRedis = createRedis(config.redisUrl, logger, "notifications-consumer");

  const channels = createDeliveryChannels(config.channels, logger);
  const delivery = startDeliveryWorker({
    deliveries: createDeliveryRepository(db),
    channels,
    policy: config.delivery,
    pollMs: config.delivery.pollMs,
    timeoutMs: config.delivery.timeoutMs,
    logger,
  });
  const announce = createLiveAnnouncer({ redis, names, logger });
  const notifications = createNotificationRepository(db);
  const notificationService = createNotificationService({
    notifications,
    contacts: createUsersClient({ url: config.usersUrl, timeoutMs: config.usersTimeoutMs, tokens: runtime.tokens }),
    async onCreated(created) {
      delivery.nudge();
      await announce(created);
    },
  });

  const consumerName = replicaName();
  const consumer = startStreamConsumer({
    redis: consumerRedis,
    stream: names.orderEventsStream,
    group: ConsumerGroup.NOTIFICATIONS,
    consumer: consumerName,
    handle: tracedHandler(ConsumerGroup.NOTIFICATIONS, createOrderEventHandler({ notificationService, processedBy: consumerName, logger })),
    logger,
  });
  logger.info(
    { stream: names.orderEventsStream, group: ConsumerGroup.NOTIFICATIONS, consumer: consumerName, email: channels.EMAIL.adapter, sms: channels.SMS.adapter },
    "notifications pipeline started",
  );

  const service = await startSubgraph<NotificationsContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    workers: [consumer, delivery],
    redis: [redis, consumerRedis],
    context: (base) => ({
      ...base,
      notificationService,
      notificationById: new DataLoader((ids) => notifications.findByIds(ids)),
    }),
  });
  return { service, logger };
}

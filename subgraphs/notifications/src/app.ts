import DataLoader from "dataloader";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { NotificationsConfig } from "./config.ts";
import { createNotificationRepository } from "./data/notification-repository.ts";
import { createNotificationsDb } from "./data/prisma.ts";
import { createNotificationService } from "./domain/notification-service.ts";
import { resolvers, type NotificationsContext } from "./resolvers/index.ts";

export async function startNotificationsSubgraph(config: NotificationsConfig) {
  const runtime = createSubgraphRuntime(config);
  const db = createNotificationsDb(config.databaseUrl);
  const notifications = createNotificationRepository(db);
  const notificationService = createNotificationService({ notifications });
  const service = await startSubgraph<NotificationsContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    context: (base) => ({
      ...base,
      notificationService,
      notificationById: new DataLoader((ids) => notifications.findByIds(ids)),
    }),
  });
  return { service, logger: runtime.logger };
}

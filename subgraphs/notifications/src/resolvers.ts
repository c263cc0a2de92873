import type DataLoader from "dataloader";
import { requireService, requireViewer } from "@shop/auth";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { NotificationRecord } from "./data/notification-repository.ts";
import type { NewNotification } from "./domain/notification-rules.ts";
import type { NotificationService } from "./domain/notification-service.ts";

export interface NotificationsContext extends SubgraphContext {
  notificationService: NotificationService;
  notificationById: DataLoader<string, NotificationRecord | null>;
}

type Ctx = NotificationsContext;

export const resolvers = {
  DateTime,
  Query: {
    /** Owner only; someone else's notification is null, exactly like a missing one. */
    async notification(_: unknown, { id }: { id: string }, ctx: Ctx) {
      const viewer = requireViewer(ctx.auth);
      const notification = await ctx.notificationById.load(id);
      return notification?.userId === viewer.userId ? notification : null;
    },
    notificationsAfter: (_: unknown, args: { after: string; first?: number | null }, ctx: Ctx) =>
      ctx.notificationService.feedSince(requireViewer(ctx.auth), args),
  },
  Mutation: {
    markNotificationRead: (_: unknown, { id }: { id: string }, ctx: Ctx) =>
      ctx.notificationService.markRead(requireViewer(ctx.auth), id),
    createNotification(_: unknown, { input }: { input: NewNotification }, ctx: Ctx) {
      // Order updates reach customers through the order events; orders may add a notification of its own.
      requireService(ctx.auth, "orders");
      return ctx.notificationService.create(input);
    },
  },
  Notification: {
    async __resolveReference(ref: { id: string }, ctx: Ctx) {
      const notification = await ctx.notificationById.load(ref.id);
      return notification && ctx.auth.kind === "user" && ctx.auth.viewer.userId === notification.userId ? notification : null;
    },
    read: (notification: NotificationRecord) => notification.readAt !== null,
    order: (notification: NotificationRecord) => (notification.orderId ? { __typename: "Order", id: notification.orderId } : null),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ref,
    notifications: (user: { id: string }, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }, ctx: Ctx) =>
      ctx.notificationService.listForUser(requireViewer(ctx.auth), user.id, args),
  },
};

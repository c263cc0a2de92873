import type { Viewer } from "@shop/auth";
import { ForbiddenError, NotFoundError } from "@shop/errors";
import { parsePageArgs, toConnection } from "@shop/pagination";
import type { NotificationRepository } from "../data/notification-repository.ts";
import { validateNotification, type NewNotification } from "./notification-rules.ts";

export type NotificationService = ReturnType<typeof createNotificationService>;

export function createNotificationService({ notifications }: { notifications: NotificationRepository }) {
  return {
    /** Records a notification; the order events pipeline and internal callers create them through here. */
    create: (input: NewNotification) => notifications.create(validateNotification(input)),

    async listForUser(viewer: Viewer, userId: string, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }) {
      // Only the owner: a notification can quote private details, so not even an ADMIN reads someone else's.
      if (viewer.userId !== userId) throw new ForbiddenError("Only the user themself can read their notifications.");
      const page = parsePageArgs(args);
      const { rows, totalCount } = await notifications.pageForUser(userId, args.unreadOnly ?? false, page);
      return toConnection(rows, page.take, totalCount);
    },

    async markRead(viewer: Viewer, id: string) {
      const notification = await notifications.markRead(id, viewer.userId);
      // Someone else's notification answers exactly like a missing one: ids reveal nothing.
      if (!notification) throw new NotFoundError(`There is no notification ${id}.`, { notificationId: id });
      return notification;
    },
  };
}

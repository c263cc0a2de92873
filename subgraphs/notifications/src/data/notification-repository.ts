import { isUuid } from "@shop/db";
import { afterCursorWhere, NEWEST_FIRST, type PageRequest } from "@shop/pagination";
import type { NewNotification } from "../domain/notification-rules.ts";
import type { Notification } from "./generated/client.ts";
import type { NotificationsDb } from "./prisma.ts";

export type NotificationRecord = Notification;

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;

export function createNotificationRepository(db: NotificationsDb) {
  return {
    /** One query for a whole batch of entity references; results in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(NotificationRecord | null)[]> {
      const rows = await db.notification.findMany({ where: { id: { in: ids.filter(isUuid) } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async pageForUser(userId: string, unreadOnly: boolean, { take, after }: PageRequest) {
      if (!isUuid(userId)) return { rows: [], totalCount: 0 };
      const where = { userId, ...(unreadOnly ? { readAt: null } : {}) };
      const [rows, totalCount] = await Promise.all([
        db.notification.findMany({ where: { ...where, ...afterCursorWhere(after) }, orderBy: NEWEST_FIRST, take: take + 1 }),
        db.notification.count({ where }),
      ]);
      return { rows, totalCount };
    },

    create(notification: Required<NewNotification>): Promise<NotificationRecord> {
      return db.notification.create({ data: notification });
    },

    /** Sets readAt once; the first time it was read stays recorded. */
    async markRead(id: string, userId: string): Promise<NotificationRecord | null> {
      if (!isUuid(id)) return null;
      await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
      return db.notification.findFirst({ where: { id, userId } });
    },
  };
}

import { loadByIds } from "@shop/db";
import { isUuid } from "@shop/ids";
import type { NotificationChannel } from "@shop/events";
import { afterCursorWhere, NEWEST_FIRST, OLDEST_FIRST, sinceCursorWhere, type KeysetCursor, type PageRequest } from "@shop/pagination";
import type { NotificationDraft } from "../domain/delivery-rules.ts";
import type { Notification } from "./generated/client.ts";
import type { NotificationsDb } from "./prisma.ts";

export type NotificationRecord = Notification;

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;

export function createNotificationRepository(db: NotificationsDb) {
  return {
    /** One query for a whole batch of entity references; results in the order of `ids`. */
    findByIds(ids: readonly string[]): Promise<(NotificationRecord | null)[]> {
      return loadByIds(ids, (uuids) => db.notification.findMany({ where: { id: { in: uuids } } }));
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

    /** A user's notifications on these channels created after a cursor, oldest first. */
    async since(userId: string, channels: readonly NotificationChannel[], since: KeysetCursor, take: number) {
      if (!isUuid(userId)) return [];
      return db.notification.findMany({ where: { userId, channel: { in: [...channels] }, ...sinceCursorWhere(since) }, orderBy: OLDEST_FIRST, take, select: { id: true, createdAt: true } });
    },

    create(notification: NotificationDraft): Promise<NotificationRecord> {
      return db.notification.create({ data: notification });
    },

    async isEventProcessed(eventId: string): Promise<boolean> {
      return (await db.processedEvent.count({ where: { eventId } })) > 0;
    },

    /**
     * Records an event's notifications and the event itself in one transaction, so a replay
     * finds the event and creates nothing. Returns [] when the event was already recorded
     * (by an earlier delivery of it, or by another replica at the same moment: the primary
     * key makes the second insert wait for the first transaction and then skip).
     */
    createForEvent(event: { eventId: string; processedBy: string }, drafts: NotificationDraft[]): Promise<NotificationRecord[]> {
      return db.$transaction(async (tx) => {
        const { count } = await tx.processedEvent.createMany({ data: [event], skipDuplicates: true });
        if (count === 0) return [];
        return tx.notification.createManyAndReturn({ data: drafts.map((draft) => ({ ...draft, eventId: event.eventId })) });
      });
    },

    /** Deletes up to `limit` records of events handled before `cutoff` (too old to be replayed); returns how many. */
    deleteProcessedEventsBefore(cutoff: Date, limit: number): Promise<number> {
      return db.$executeRaw`DELETE FROM processed_events WHERE event_id IN (
        SELECT event_id FROM processed_events WHERE processed_at < ${cutoff} LIMIT ${limit})`;
    },

    /** Sets readAt once; the first time it was read stays recorded. */
    async markRead(id: string, userId: string): Promise<NotificationRecord | null> {
      if (!isUuid(id)) return null;
      await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
      return db.notification.findFirst({ where: { id, userId } });
    },
  };
}

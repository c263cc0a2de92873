import type { Viewer } from "@shop/auth";
import type { OrderEventData } from "@shop/events";
import { ForbiddenError, NotFoundError } from "@shop/errors";
import { decodeCursor, encodeCursor, parsePageArgs, toConnection } from "@shop/pagination";
import type { NotificationRecord, NotificationRepository } from "../data/notification-repository.ts";
import type { ContactDirectory } from "../data/users-client.ts";
import { channelsFor, FEED_CHANNELS, initialDelivery, isDeliveredByFeed } from "./delivery-rules.ts";
import { validateNotification, type NewNotification } from "./notification-rules.ts";
import { orderNotificationContent } from "./order-templates.ts";

export type NotificationService = ReturnType<typeof createNotificationService>;

export interface NotificationServiceDeps {
  notifications: NotificationRepository;
  contacts: ContactDirectory;
  /** Runs after new notifications are committed: start their delivery, announce them live. */
  onCreated: (created: NotificationRecord[]) => Promise<void>;
}

export function createNotificationService({ notifications, contacts, onCreated }: NotificationServiceDeps) {
  return {
    /** Internal callers: records one notification; one the feed does not deliver goes to the user's current address. */
    async create(input: NewNotification): Promise<NotificationRecord> {
      const valid = validateNotification(input);
      const contact = isDeliveredByFeed(valid.channel) ? null : await contacts.find(valid.userId);
      const created = await notifications.create({ ...valid, ...initialDelivery(valid.channel, contact, new Date()) });
      await onCreated([created]);
      return created;
    },

    /**
     * The customer's notifications about an order event, once per event id: a replay (or
     * an event another replica is handling) creates nothing and returns []. Throws while the
     * users service or the database is unreachable, so the event is tried again later.
     */
    async notifyOrderChange(event: { eventId: string; processedBy: string }, order: OrderEventData): Promise<NotificationRecord[]> {
      // Checked first only to spare the users service a call on replays; the insert decides.
      if (await notifications.isEventProcessed(event.eventId)) return [];
      const contact = await contacts.find(order.userId);
      const content = orderNotificationContent(order);
      const now = new Date();
      const drafts = channelsFor(contact).map((channel) => ({
        userId: order.userId,
        orderId: order.orderId,
        channel,
        ...content,
        ...initialDelivery(channel, contact, now),
      }));
      const created = await notifications.createForEvent(event, drafts);
      if (created.length > 0) await onCreated(created);
      return created;
    },

    async listForUser(viewer: Viewer, userId: string, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }) {
      // Only the owner: a notification can quote private details, so not even an ADMIN reads someone else's.
      if (viewer.userId !== userId) throw new ForbiddenError("Only the user themself can read their notifications.");
      const page = parsePageArgs(args);
      const { rows, totalCount } = await notifications.pageForUser(userId, args.unreadOnly ?? false, page);
      return toConnection(rows, page, totalCount);
    },

    /** The viewer's own feed (IN_APP) since a position, oldest first, each with its position. */
    async feedSince(viewer: Viewer, args: { after: string; first?: number | null }) {
      const { take } = parsePageArgs({ first: args.first });
      const rows = await notifications.since(viewer.userId, FEED_CHANNELS, decodeCursor(args.after), take);
      return rows.map((row) => ({ id: row.id, position: encodeCursor(row) }));
    },

    async markRead(viewer: Viewer, id: string) {
      const notification = await notifications.markRead(id, viewer.userId);
      // Someone else's notification answers exactly like a missing one: ids reveal nothing.
      if (!notification) throw new NotFoundError(`There is no notification ${id}.`, { notificationId: id });
      return notification;
    },
  };
}

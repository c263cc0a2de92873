import { createEnvelope, NOTIFICATION_EVENT, type EventBus, type EventNames, type NotificationCreatedData } from "@shop/events";
import type { Logger } from "@shop/logger";
import { encodeCursor } from "@shop/pagination";
import type { NotificationRecord } from "../data/notification-repository.ts";
import { isDeliveredByFeed } from "../domain/delivery-rules.ts";

/**
 * Announces new notifications to live subscribers, best effort: the feed in the database
 * already has them, so a failed publish is logged and not retried. Only those the feed
 * delivers (IN_APP); the copies on the other channels say the same thing elsewhere.
 */
export function createLiveAnnouncer({ bus, names, logger }: { bus: EventBus; names: EventNames; logger: Logger }) {
  return async (created: NotificationRecord[]): Promise<void> => {
    const inApp = created.filter((notification) => isDeliveredByFeed(notification.channel));
    await Promise.all(
      inApp.map(async (notification) => {
        const envelope = createEnvelope<NotificationCreatedData>({
          type: NOTIFICATION_EVENT.CREATED,
          aggregateId: notification.id,
          schemaVersion: 1,
          // Where a subscriber that received it resumes (see the gateway's notificationAdded).
          position: encodeCursor(notification),
          data: {
            notificationId: notification.id,
            userId: notification.userId,
            channel: notification.channel,
            subject: notification.subject,
            orderId: notification.orderId,
          },
        });
        try {
          await bus.announce(names.userChannel(notification.userId), envelope);
        } catch (error) {
          logger.warn({ err: error, notificationId: notification.id }, "could not announce a new notification live; it is in the feed");
        }
      }),
    );
  };
}

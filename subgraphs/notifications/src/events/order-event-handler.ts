import type { EventEnvelope } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { NotificationService } from "../domain/notification-service.ts";
import { readOrderEvent } from "../domain/order-event.ts";

/**
 * What the order events consumer does with each event. Resolving lets the consumer
 * acknowledge it, so this resolves only once the notifications are committed (or there is
 * nothing to do); a failure throws and the consumer tries the event again.
 */
export function createOrderEventHandler({ notificationService, processedBy, logger }: { notificationService: NotificationService; processedBy: string; logger: Logger }) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const reading = readOrderEvent(envelope);
    if (reading.kind === "ignored") return;
    if (reading.kind === "invalid") {
      // Retrying cannot fix it: it is logged whole instead, to be replayed by hand once understood.
      logger.error({ envelope, problem: reading.problem }, "skipping an order event that cannot be read");
      return;
    }
    const created = await notificationService.notifyOrderChange({ eventId: reading.eventId, processedBy }, reading.order);
    logger.debug({ eventId: reading.eventId, orderId: reading.order.orderId, created: created.length }, "order event handled");
  };
}

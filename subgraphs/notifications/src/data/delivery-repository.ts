import { SENT_CHANNELS, type SentChannel } from "../domain/delivery-rules.ts";
import type { NotificationDeliveryStatus } from "./generated/client.ts";
import type { NotificationsDb } from "./prisma.ts";

/** A delivery a worker has taken: its try number is `deliveryAttempts`. */
export interface ClaimedDelivery {
  id: string;
  channel: SentChannel;
  recipient: string;
  subject: string;
  body: string;
  deliveryAttempts: number;
  createdAt: Date;
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;

export function createDeliveryRepository(db: NotificationsDb) {
  /**
   * Updates a claimed row only while it is still this claim (same try, still PENDING): if
   * the lease ran out and another replica took the row over, the late answer changes nothing.
   */
  const settle = (delivery: ClaimedDelivery, data: { deliveryStatus: NotificationDeliveryStatus; nextAttemptAt: Date | null; lastError: string | null; deliveredAt?: Date }) =>
    db.notification.updateMany({ where: { id: delivery.id, deliveryStatus: "PENDING", deliveryAttempts: delivery.deliveryAttempts }, data });

  return {
    /**
     * Takes up to `limit` due deliveries for this worker: counts the try and moves their due
     * time to the end of a lease, in one statement. SKIP LOCKED lets replicas claim side by
     * side without waiting for or taking each other's rows; a worker that dies mid-send
     * leaves rows that become due again when the lease ends.
     */
    claimDue(limit: number, leaseMs: number, now = new Date()): Promise<ClaimedDelivery[]> {
      const leaseEnd = new Date(now.getTime() + leaseMs);
      return db.$queryRaw<ClaimedDelivery[]>`
        UPDATE notifications
        SET delivery_attempts = delivery_attempts + 1, next_attempt_at = ${leaseEnd}
        WHERE id IN (
          SELECT id FROM notifications
          WHERE delivery_status = 'PENDING' AND next_attempt_at <= ${now} AND channel::text = ANY(${SENT_CHANNELS})
          ORDER BY next_attempt_at, created_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id, channel::text AS channel, recipient, subject, body, delivery_attempts AS "deliveryAttempts", created_at AS "createdAt"`;
    },

    /**
     * Extends a claim right before its send, if it is still this worker's (same try, not lapsed):
     * false means another worker has it by now, and this one must not send it.
     */
    async renewClaim(delivery: ClaimedDelivery, leaseMs: number, now = new Date()): Promise<boolean> {
      const { count } = await db.notification.updateMany({
        where: { id: delivery.id, deliveryStatus: "PENDING", deliveryAttempts: delivery.deliveryAttempts, nextAttemptAt: { gt: now } },
        data: { nextAttemptAt: new Date(now.getTime() + leaseMs) },
      });
      return count === 1;
    },

    markSent: (delivery: ClaimedDelivery, now = new Date()) =>
      settle(delivery, { deliveryStatus: "SENT", nextAttemptAt: null, lastError: null, deliveredAt: now }),

    /** Schedules the next try, or with no `nextAttemptAt` closes the delivery as FAILED. */
    markAttemptFailed: (delivery: ClaimedDelivery, lastError: string, nextAttemptAt: Date | null) =>
      settle(delivery, { deliveryStatus: nextAttemptAt ? "PENDING" : "FAILED", nextAttemptAt, lastError }),
  };
}

import { NotificationChannel, type NewNotification } from "./notification-rules.ts";

export const DeliveryStatus = { PENDING: "PENDING", SENT: "SENT", FAILED: "FAILED" } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** How the users service says a customer can be reached. */
export interface Contact {
  email: string;
  phone: string | null;
}

/** The delivery fields a new notification starts with. */
export interface InitialDelivery {
  recipient: string | null;
  deliveryStatus: DeliveryStatus;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
}

/** A notification as it is stored: what it says, and where its delivery starts. */
export type NotificationDraft = Required<NewNotification> & InitialDelivery;

export interface RetryPolicy {
  maxAttempts: number;
  retryBaseMs: number;
}

// However many tries are allowed, a customer is never made to wait longer than this between two.
export const MAX_RETRY_DELAY_MS = 15 * 60_000;

/** IN_APP always; EMAIL and SMS when the customer can be reached that way (an unknown user: IN_APP only). */
export function channelsFor(contact: Contact | null): NotificationChannel[] {
  return [
    NotificationChannel.IN_APP,
    ...(contact ? [NotificationChannel.EMAIL] : []),
    ...(contact?.phone ? [NotificationChannel.SMS] : []),
  ];
}

/**
 * IN_APP is delivered by being in the feed, so it is SENT at once. EMAIL and SMS wait for the
 * delivery worker, due now; without an address to send to they are FAILED from the start.
 */
export function initialDelivery(channel: NotificationChannel, contact: Contact | null, now: Date): InitialDelivery {
  if (channel === NotificationChannel.IN_APP) {
    return { recipient: null, deliveryStatus: DeliveryStatus.SENT, nextAttemptAt: null, deliveredAt: now, lastError: null };
  }
  const recipient = channel === NotificationChannel.EMAIL ? (contact?.email ?? null) : (contact?.phone ?? null);
  if (!recipient) {
    const lastError = channel === NotificationChannel.EMAIL ? "no e-mail address known for the user" : "no phone number known for the user";
    return { recipient: null, deliveryStatus: DeliveryStatus.FAILED, nextAttemptAt: null, deliveredAt: null, lastError };
  }
  return { recipient, deliveryStatus: DeliveryStatus.PENDING, nextAttemptAt: now, deliveredAt: null, lastError: null };
}

/** base, 2 × base, 4 × base, ... after the 1st, 2nd, 3rd failed try; capped. */
export function retryDelayMs(attempts: number, retryBaseMs: number): number {
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/** After `attempts` tries, the last of which failed: try again later, or give up (the dead letter). */
export function afterFailedAttempt(
  attempts: number,
  policy: RetryPolicy,
  now: Date,
): { status: "PENDING"; nextAttemptAt: Date } | { status: "FAILED" } {
  if (attempts >= policy.maxAttempts) return { status: DeliveryStatus.FAILED };
  return { status: DeliveryStatus.PENDING, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy.retryBaseMs)) };
}

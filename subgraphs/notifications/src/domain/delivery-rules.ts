import { NOTIFICATION_CHANNELS, type NotificationChannel } from "@shop/events";
import type { NewNotification } from "./notification-rules.ts";

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

/**
 * How a channel reaches the customer: by being in the feed, or by an adapter (see
 * delivery/channels.ts) sending to the contact's address for that channel.
 */
type ChannelDelivery = { by: "feed" } | { by: "adapter"; recipient: (contact: Contact) => string | null; unreachable: string };

// One rule per channel, so that a channel without one does not compile.
const CHANNEL_DELIVERY = {
  EMAIL: { by: "adapter", recipient: (contact) => contact.email, unreachable: "no e-mail address known for the user" },
  SMS: { by: "adapter", recipient: (contact) => contact.phone, unreachable: "no phone number known for the user" },
  IN_APP: { by: "feed" },
} as const satisfies Record<NotificationChannel, ChannelDelivery>;

/** The channels an adapter sends, by the delivery worker; each one needs its adapter. */
export type SentChannel = { [C in NotificationChannel]: (typeof CHANNEL_DELIVERY)[C] extends { by: "adapter" } ? C : never }[NotificationChannel];

export const SENT_CHANNELS: readonly SentChannel[] = NOTIFICATION_CHANNELS.filter((channel) => !isDeliveredByFeed(channel));

/** The channels the feed delivers: the notifications a live subscriber receives. */
export const FEED_CHANNELS: readonly NotificationChannel[] = NOTIFICATION_CHANNELS.filter((channel) => isDeliveredByFeed(channel));

/** Being in the feed is the delivery: nothing to send, no address needed. */
export function isDeliveredByFeed(channel: NotificationChannel): channel is Exclude<NotificationChannel, SentChannel> {
  return CHANNEL_DELIVERY[channel].by === "feed";
}

/** The feed always; every other channel when the customer can be reached that way (an unknown user: the feed only). */
export function channelsFor(contact: Contact | null): NotificationChannel[] {
  return NOTIFICATION_CHANNELS.filter((channel) => {
    const rule = CHANNEL_DELIVERY[channel];
    return rule.by === "feed" || (contact !== null && rule.recipient(contact) !== null);
  });
}

/**
 * A feed notification is delivered by being there, so it is SENT at once. The others wait for
 * the delivery worker, due now; without an address to send to they are FAILED from the start.
 */
export function initialDelivery(channel: NotificationChannel, contact: Contact | null, now: Date): InitialDelivery {
  const rule = CHANNEL_DELIVERY[channel];
  if (rule.by === "feed") {
    return { recipient: null, deliveryStatus: DeliveryStatus.SENT, nextAttemptAt: null, deliveredAt: now, lastError: null };
  }
  const recipient = contact && rule.recipient(contact);
  if (!recipient) {
    return { recipient: null, deliveryStatus: DeliveryStatus.FAILED, nextAttemptAt: null, deliveredAt: null, lastError: rule.unreachable };
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

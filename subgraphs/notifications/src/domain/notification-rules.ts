import { isUuid } from "@shop/ids";
import { BadUserInputError } from "@shop/errors";
import type { NotificationChannel } from "@shop/events";

export interface NewNotification {
  userId: string;
  channel: NotificationChannel;
  subject: string;
  body: string;
  orderId?: string | null;
}

function required(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) throw new BadUserInputError(`${field} must be 1 to ${max} characters.`, { field });
  return trimmed;
}

export function validateNotification(input: NewNotification): Required<NewNotification> {
  if (!isUuid(input.userId)) throw new BadUserInputError("userId must be a UUID.", { field: "userId" });
  const orderId = input.orderId ?? null;
  if (orderId !== null && !isUuid(orderId)) throw new BadUserInputError("orderId must be a UUID.", { field: "orderId" });
  return {
    userId: input.userId,
    channel: input.channel,
    subject: required("subject", input.subject, 200),
    body: required("body", input.body, 10_000),
    orderId,
  };
}

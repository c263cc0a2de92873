import { z } from "zod";
import { ORDER_EVENT, ORDER_STATUSES, type EventEnvelope, type OrderEventData } from "@shop/events";

const STATUS = z.enum(ORDER_STATUSES);

// Version 1 of the orders service's event data; only what the notifications use is checked strictly.
const orderEventData = z.object({
  orderId: z.uuid(),
  userId: z.uuid(),
  status: STATUS,
  previousStatus: STATUS.nullable(),
  reason: z.string().nullable(),
  totalCents: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  changedAt: z.string(),
});

const ORDER_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(ORDER_EVENT));

export type OrderEventReading = { kind: "order"; eventId: string; order: OrderEventData } | { kind: "ignored" } | { kind: "invalid"; problem: string };

/**
 * Which envelopes the notifications act on. Other event types are ignored; an order event
 * that cannot be read is reported as invalid, because retrying it would never succeed.
 */
export function readOrderEvent(envelope: EventEnvelope): OrderEventReading {
  if (!ORDER_EVENT_TYPES.has(envelope.type)) return { kind: "ignored" };
  if (envelope.schemaVersion !== 1) return { kind: "invalid", problem: `unsupported schema version ${envelope.schemaVersion}` };
  if (!z.uuid().safeParse(envelope.id).success) return { kind: "invalid", problem: "the event id is not a UUID" };
  const data = orderEventData.safeParse(envelope.data);
  if (!data.success) return { kind: "invalid", problem: z.prettifyError(data.error) };
  return { kind: "order", eventId: envelope.id, order: data.data };
}

import { ORDER_EVENT, type OrderEventData, type OrderEventType, type OrderStatus } from "@shop/events";

export const ORDER_EVENT_SCHEMA_VERSION = 1;

export interface OrderEvent {
  type: OrderEventType;
  aggregateId: string;
  schemaVersion: number;
  data: OrderEventData;
}

/** The event that announces an order's new state; creation is the move from nothing to PENDING. */
export function orderEvent(
  order: { id: string; userId: string; status: OrderStatus; totalCents: number; currency: string },
  previousStatus: OrderStatus | null,
  reason: string | null,
  changedAt: Date,
): OrderEvent {
  return {
    type: previousStatus === null ? ORDER_EVENT.PLACED : ORDER_EVENT.STATUS_CHANGED,
    aggregateId: order.id,
    schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
    data: {
      orderId: order.id,
      userId: order.userId,
      status: order.status,
      previousStatus,
      reason,
      totalCents: order.totalCents,
      currency: order.currency,
      changedAt: changedAt.toISOString(),
    },
  };
}

import type { OrderStatus } from "./order-status.ts";

/** The events the orders service publishes, version 1 of their `data`. */
export const ORDER_EVENT = {
  PLACED: "order.placed",
  STATUS_CHANGED: "order.status_changed",
} as const;

export type OrderEventType = (typeof ORDER_EVENT)[keyof typeof ORDER_EVENT];

/** The order as it was right after the change; enough for a notification without asking the orders service. */
export interface OrderEventData {
  orderId: string;
  userId: string;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  reason: string | null;
  totalCents: number;
  currency: string;
  changedAt: string;
}

/**
 * Every state an order can be in, the one list of them: the orders rules, the order events,
 * the notification templates and the event validation follow it, and a test holds the SDL
 * and Prisma enums to it. A status added here must be given its moves and its template.
 */
export const ORDER_STATUSES = ["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED"] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The only moves an order can make, from each status; any other is refused. */
export const ORDER_STATUS_MOVES: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ["CONFIRMED", "CANCELLED"],
  CONFIRMED: ["SHIPPED", "CANCELLED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
};

/**
 * Every Redis stream and pub/sub channel the services use, in one place. `namespace` keeps
 * deployments (and test runs) that share one Redis server apart.
 */
export function eventNames(namespace = "shop") {
  return {
    /** Durable: every order event, read by consumer groups that must process each one. */
    orderEventsStream: `${namespace}:stream:order-events`,
    /** Live: one order's events, for subscribers tracking that order. */
    orderChannel: (orderId: string) => `${namespace}:order:${orderId}`,
    /** Live: what concerns one user (their orders' events, their new notifications). */
    userChannel: (userId: string) => `${namespace}:user:${userId}`,
    /** Durable: every product event (price, stock, listing changes). */
    productEventsStream: `${namespace}:stream:product-events`,
    /** Live: every order and product event, for caches that must drop what changed (every gateway replica). */
    changesChannel: `${namespace}:changes`,
  };
}

export type EventNames = ReturnType<typeof eventNames>;

/** Consumer groups on the order events stream: one per service that processes every event. */
export const ConsumerGroup = {
  NOTIFICATIONS: "notifications",
  /** Releases the stock of cancelled orders, whether or not the orders service's own call got through. */
  PRODUCTS: "products",
} as const;

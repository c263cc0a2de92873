import { startPollingWorker, type PollingWorker } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { OrdersClient } from "../data/orders-client.ts";
import type { ReservationRepository } from "../data/reservation-repository.ts";

const BATCH = 100;

/**
 * Releases stock reserved for orders that were never created: the orders service reserves
 * before it writes the order, so a crash or timeout between the two leaves a reservation
 * with no order. A reservation older than `ttlMs` (far longer than placing an order takes)
 * whose order does not exist is released; one whose order exists is marked committed and
 * never looked at again. Safe in several replicas: a release happens once.
 */
export function startReservationReconciler(options: {
  reservations: ReservationRepository;
  orders: OrdersClient;
  ttlMs: number;
  intervalMs: number;
  logger: Logger;
}): PollingWorker {
  const { reservations, orders, ttlMs, intervalMs, logger } = options;
  return startPollingWorker({
    name: "reservation-reconciler",
    intervalMs,
    logger,
    async round() {
      const held = await reservations.heldSince(new Date(Date.now() - ttlMs), BATCH);
      if (held.length === 0) return { more: false };
      const existing = await orders.existing(held);
      await reservations.commit([...existing]);
      for (const orderId of held.filter((id) => !existing.has(id))) {
        await reservations.release(orderId);
        logger.warn({ orderId }, "released stock reserved for an order that was never created");
      }
      return { more: held.length === BATCH };
    },
  });
}

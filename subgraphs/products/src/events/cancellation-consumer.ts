import { ConsumerGroup, ORDER_EVENT, replicaName, type EventBus, type EventNames, type OrderEventData, type StreamConsumer } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { EventMetrics } from "@shop/metrics";
import type { ReservationRepository } from "../data/reservation-repository.ts";

/**
 * Gives back the stock of every cancelled order, from the orders service's events. The
 * orders service also releases it right away when it can; this is the guarantee: the
 * cancellation is in the outbox, so it reaches here even if products was down at the time.
 * Releasing twice is harmless.
 */
export function startCancellationConsumer(options: {
  bus: EventBus;
  names: EventNames;
  reservations: ReservationRepository;
  logger: Logger;
  events: EventMetrics;
  deadConsumerIdleMs: number;
}): StreamConsumer {
  const { bus, names, reservations, logger, events, deadConsumerIdleMs } = options;
  return bus.consume({
    stream: names.orderEventsStream,
    group: ConsumerGroup.PRODUCTS,
    consumer: replicaName(),
    logger,
    onHandled: events.consumedBy(ConsumerGroup.PRODUCTS),
    deadConsumerIdleMs,
    async handle(envelope) {
      const data = envelope.data as OrderEventData;
      if (envelope.type !== ORDER_EVENT.STATUS_CHANGED || data.status !== "CANCELLED") return;
      await reservations.release(data.orderId);
    },
  });
}

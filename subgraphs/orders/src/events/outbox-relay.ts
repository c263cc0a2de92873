import { createEnvelope, startPollingWorker, type EventBus, type EventNames, type OrderEventData, type PollingWorker } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { OrdersDb } from "../data/prisma.ts";

// Any fixed number: the advisory lock that makes one replica at a time the relay, so the
// events of an order leave in the order they were written.
const RELAY_LOCK = 4_242_001;
const RETENTION_DAYS = 7;
const PRUNE_EVERY_MS = 60_000;

export interface OutboxRelayOptions {
  db: OrdersDb;
  bus: EventBus;
  names: EventNames;
  logger: Logger;
  intervalMs: number;
  batchSize?: number;
  /** Sees the events of each batch once it is published and marked so. */
  onPublished?: (events: readonly { type: string }[]) => void;
}

/**
 * Publishes the outbox to the event bus (Redis, or memory in single-process mode): each event
 * to the durable order-events stream and to the live channels of its order and its user. Rows
 * are marked published in the same transaction, after the bus accepted them; if Redis is down
 * the transaction rolls back and the same events go out, in the same order, once it is back.
 * A crash between the bus and the
 * commit publishes a batch twice, which consumers absorb: they are idempotent on the event id.
 */
export function startOutboxRelay({ db, bus, names, logger, intervalMs, batchSize = 100, onPublished }: OutboxRelayOptions): PollingWorker {
  async function relayBatch(): Promise<{ type: string }[]> {
    // Not even a transaction while Redis is away: the rows wait, and the round fails quietly.
    if (!bus.isConnected()) throw new Error("the event bus is not connected");
    return db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ leader: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS leader`;
        if (!lock?.leader) return [];
        const rows = await tx.outboxEvent.findMany({ where: { publishedAt: null }, orderBy: { position: "asc" }, take: batchSize });
        if (rows.length === 0) return [];
        await bus.publish(
          names.orderEventsStream,
          rows.map((row) => {
            const data = row.payload as unknown as OrderEventData;
            const envelope = createEnvelope({
              id: row.eventId,
              type: row.type,
              aggregateId: row.aggregateId,
              occurredAt: row.occurredAt.toISOString(),
              schemaVersion: row.schemaVersion,
              position: row.position.toString(),
              ...(row.traceparent ? { traceparent: row.traceparent } : {}),
              ...(row.tracestate ? { tracestate: row.tracestate } : {}),
              data,
            });
            return { envelope, channels: [names.orderChannel(data.orderId), names.userChannel(data.userId)] };
          }),
        );
        await tx.outboxEvent.updateMany({ where: { position: { in: rows.map((row) => row.position) } }, data: { publishedAt: new Date() } });
        return rows;
      },
      { timeout: 15_000 },
    );
  }

  /** Published events are kept a while for inspection, then deleted in small batches. */
  async function prune(): Promise<void> {
    const cutoff = new Date(Date.now() - RETENTION_DAYS * 86_400_000);
    await db.$executeRaw`DELETE FROM outbox_events WHERE position IN (
      SELECT position FROM outbox_events WHERE published_at < ${cutoff} ORDER BY position LIMIT 1000)`;
  }

  let lastPrune = 0;
  return startPollingWorker({
    name: "outbox-relay",
    intervalMs,
    logger,
    async round() {
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await prune();
      }
      const published = await relayBatch();
      // After the commit: a batch rolled back was not published, whatever Redis accepted.
      if (published.length > 0) onPublished?.(published);
      return { more: published.length === batchSize };
    },
  });
}

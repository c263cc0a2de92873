import { randomUUID } from "node:crypto";
import { createEnvelope, type EventEnvelope } from "./envelope.ts";
import type { EventBus } from "./event-bus.ts";
import { startPollingWorker, type PollingWorker } from "./polling-worker.ts";
import { currentTraceContext } from "./trace-context.ts";

const RETENTION_DAYS = 7;
const PRUNE_EVERY_MS = 60_000;

type JsonValue = string | number | boolean | null | JsonObject | readonly JsonValue[];
type JsonObject = { readonly [key: string]: JsonValue };

/** An event as a service's domain layer describes it, before it is written to the outbox. */
export interface OutboxEvent {
  type: string;
  aggregateId: string;
  schemaVersion: number;
  data: object;
}

/**
 * The outbox row for an event (the columns of every `outbox_events` table): written in the
 * transaction of the change it announces, with that change's trace context, which the relay
 * puts in the envelope.
 */
export function outboxRow(event: OutboxEvent, occurredAt: Date) {
  return {
    eventId: randomUUID(),
    type: event.type,
    aggregateId: event.aggregateId,
    schemaVersion: event.schemaVersion,
    payload: event.data as JsonObject,
    occurredAt,
    ...currentTraceContext(),
  };
}

/** A row of a service's `outbox_events` table (the same columns in every database that has one). */
interface OutboxRow {
  position: bigint;
  event_id: string;
  type: string;
  aggregate_id: string;
  schema_version: number;
  payload: unknown;
  traceparent: string | null;
  tracestate: string | null;
  occurred_at: Date;
}

type Sql = (query: TemplateStringsArray, ...values: unknown[]) => PromiseLike<unknown>;

/** The little of a Prisma client the relay uses: raw SQL, in an interactive transaction. */
export interface OutboxDb {
  $executeRaw: Sql;
  $transaction<T>(run: (tx: { $queryRaw: Sql; $executeRaw: Sql }) => Promise<T>, options: { timeout: number }): Promise<T>;
}

export interface OutboxRelayOptions {
  db: OutboxDb;
  bus: EventBus;
  /** The durable stream every event is appended to. */
  stream: string;
  /** The live channels each event is announced on as well. */
  channels: (envelope: EventEnvelope) => string[];
  /** Any fixed number per database: the advisory lock that makes one replica at a time the relay. */
  lockKey: number;
  logger: Parameters<typeof startPollingWorker>[0]["logger"];
  intervalMs: number;
  batchSize?: number;
  /** Sees the events of each batch once it is published and marked so. */
  onPublished?: (events: readonly { type: string }[]) => void;
}

/**
 * Publishes a service's transactional outbox to the event bus (Redis, or memory in
 * single-process mode): each event to the durable stream and to its live channels. Rows are
 * marked published in the same transaction, after the bus accepted them; if Redis is down the
 * transaction rolls back and the same events go out, in the same order, once it is back. The
 * advisory lock makes one replica at a time the relay, so events leave in the order they were
 * written. A crash between the bus and the commit publishes a batch twice, which consumers
 * absorb: they are idempotent on the event id.
 */
export function startOutboxRelay({ db, bus, stream, channels, lockKey, logger, intervalMs, batchSize = 100, onPublished }: OutboxRelayOptions): PollingWorker {
  async function relayBatch(): Promise<OutboxRow[]> {
    // Not even a transaction while Redis is away: the rows wait, and the round fails quietly.
    if (!bus.isConnected()) throw new Error("the event bus is not connected");
    return db.$transaction(
      async (tx) => {
        const [lock] = (await tx.$queryRaw`SELECT pg_try_advisory_xact_lock(${lockKey}) AS leader`) as { leader: boolean }[];
        if (!lock?.leader) return [];
        const rows = (await tx.$queryRaw`
          SELECT position, event_id::text, type, aggregate_id::text, schema_version, payload, traceparent, tracestate, occurred_at
          FROM outbox_events WHERE published_at IS NULL ORDER BY position LIMIT ${batchSize}`) as OutboxRow[];
        if (rows.length === 0) return [];
        await bus.publish(
          stream,
          rows.map((row) => {
            const envelope = createEnvelope({
              id: row.event_id,
              type: row.type,
              aggregateId: row.aggregate_id,
              occurredAt: row.occurred_at.toISOString(),
              schemaVersion: row.schema_version,
              position: String(row.position),
              ...(row.traceparent ? { traceparent: row.traceparent } : {}),
              ...(row.tracestate ? { tracestate: row.tracestate } : {}),
              data: row.payload,
            });
            return { envelope, channels: channels(envelope) };
          }),
        );
        await tx.$executeRaw`UPDATE outbox_events SET published_at = now() WHERE position = ANY(${rows.map((row) => String(row.position))}::bigint[])`;
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

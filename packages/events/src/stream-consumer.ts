import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { Logger } from "@shop/logger";
import { parseEnvelope, type EventEnvelope } from "./envelope.ts";

export interface StreamConsumerOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while waiting. */
  redis: Redis;
  stream: string;
  group: string;
  /** Unique per replica (e.g. host and pid), so Redis knows who holds which message. */
  consumer: string;
  /** Processes one event; resolves only once its effects are committed. Throws to retry it later. */
  handle: (envelope: EventEnvelope) => Promise<void>;
  /** Sees each attempt at an event (e.g. for metrics); `error` means it will be retried. */
  onHandled?: (envelope: EventEnvelope, outcome: "ok" | "error") => void;
  logger: Logger;
  batchSize?: number;
  blockMs?: number;
  /** Messages another replica took but did not acknowledge for this long are taken over. */
  claimIdleMs?: number;
  /** The first pause after a failure; it doubles up to `MAX_RETRY_DELAY_MS` while failures go on. */
  retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 5_000;

/** The pause before retrying after the `failures`-th failure in a row: doubling from `baseMs`, capped. */
export function retryDelay(baseMs: number, failures: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
}

export interface StreamConsumer {
  stop(): Promise<void>;
}

// Fields are null for an entry trimmed from the stream while it was still pending.
type Entry = [id: string, fields: string[] | null];

/** A consumer name unique to this process, so Redis knows which replica holds which event. */
export function replicaName(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/**
 * A consumer-group reader that acknowledges an event only after `handle` succeeded. It
 * retries its own unacknowledged events first and in order (so one order's events are not
 * overtaken by later ones), takes over events that a crashed replica left behind, and
 * otherwise waits for new ones. Several replicas in one group share the work; each event
 * goes to one of them.
 *
 * A failing event is retried until it succeeds (an outage of a dependency must not lose
 * events), so `handle` itself skips, with a log line, an event it can never process. Only a
 * message that is not an event envelope at all goes to `<stream>:dead`.
 */
export function startStreamConsumer(options: StreamConsumerOptions): StreamConsumer {
  const { redis, stream, group, consumer, logger } = options;
  // Small batches and a long idle time before taking over: a replica that is merely slow
  // should finish its own batch before another one concludes it died.
  const batchSize = options.batchSize ?? 10;
  const blockMs = options.blockMs ?? 1000;
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  const retryDelayMs = options.retryDelayMs ?? 500;
  let failures = 0;
  let readFailures = 0;
  let running = true;
  let groupReady = false;

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function ensureGroup() {
    try {
      // From the stream's start: events published before the group existed are processed too.
      await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
    } catch (error) {
      if (!String((error as Error).message).includes("BUSYGROUP")) throw error;
    }
    groupReady = true;
  }

  /** Handles entries in order; stops at the first failure so nothing overtakes it. */
  async function processEntries(entries: Entry[]): Promise<boolean> {
    for (const [id, fields] of entries) {
      if (!running) return true;
      if (!fields) {
        // Trimmed from the stream while pending (older than the retention): nothing left to process.
        logger.error({ stream, group, id }, "a pending event was trimmed from the stream before it was processed");
        await redis.xack(stream, group, id);
        continue;
      }
      const text = fields[fields.indexOf("event") + 1];
      const envelope = text ? parseEnvelope(text) : null;
      if (!envelope) {
        logger.error({ stream, id }, "dropping a message that is not an event envelope");
        await deadLetter(id, fields);
        continue;
      }
      try {
        await options.handle(envelope);
        await redis.xack(stream, group, id);
        failures = 0;
        options.onHandled?.(envelope, "ok");
      } catch (error) {
        failures++;
        options.onHandled?.(envelope, "error");
        // Logged when a run of failures starts and then now and again, not on every retry.
        if (failures === 1 || failures % 20 === 0) {
          logger.warn({ err: error, stream, id, eventId: envelope.id, failures }, "event failed; retrying it before any later one");
        }
        return false;
      }
    }
    return true;
  }

  async function deadLetter(id: string, fields: string[]) {
    await redis.multi().xadd(`${stream}:dead`, "*", "group", group, "id", id, ...fields).xack(stream, group, id).exec();
  }

  async function readOwnPending(): Promise<Entry[]> {
    const result = (await redis.xreadgroup("GROUP", group, consumer, "COUNT", batchSize, "STREAMS", stream, "0")) as [string, Entry[]][] | null;
    return result?.[0]?.[1] ?? [];
  }

  async function claimAbandoned(): Promise<Entry[]> {
    const [, entries] = (await redis.xautoclaim(stream, group, consumer, claimIdleMs, "0-0", "COUNT", batchSize)) as [string, Entry[]];
    return entries;
  }

  async function readNew(): Promise<Entry[]> {
    const result = (await redis.xreadgroup("GROUP", group, consumer, "COUNT", batchSize, "BLOCK", blockMs, "STREAMS", stream, ">")) as
      | [string, Entry[]][]
      | null;
    return result?.[0]?.[1] ?? [];
  }

  const pauseAfterFailure = () => sleep(retryDelay(retryDelayMs, failures));

  const loop = (async () => {
    while (running) {
      try {
        // Commands fail at once while disconnected; wait for the client's own reconnection.
        if (redis.status !== "ready") {
          await sleep(retryDelayMs);
          continue;
        }
        if (!groupReady) await ensureGroup();
        const own = await readOwnPending();
        const batch = own.length > 0 ? own : await claimAbandoned();
        const entries = batch.length > 0 ? batch : await readNew();
        readFailures = 0;
        if (!(await processEntries(entries))) await pauseAfterFailure();
      } catch (error) {
        if (!running) break;
        // The group is gone (Redis restarted empty, the key was deleted): create it again.
        if (String((error as Error).message).includes("NOGROUP")) groupReady = false;
        readFailures++;
        if (readFailures === 1 || readFailures % 100 === 0) logger.warn({ err: error, stream, group, readFailures }, "stream read failed; retrying");
        await sleep(retryDelayMs);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

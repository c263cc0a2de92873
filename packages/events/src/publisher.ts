import type { Redis } from "ioredis";
import { serializeEnvelope, type EventEnvelope } from "./envelope.ts";

// Bounds the stream by age, not length: a consumer group may fall this far behind (an outage
// of its service) before events it has not read are trimmed away.
const STREAM_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Appends envelopes to a durable stream and announces each on live channels, all in one
 * MULTI, so Redis either accepted everything or nothing of the batch. Resolves only once
 * Redis has answered.
 */
export async function publishEvents(
  redis: Redis,
  stream: string,
  events: { envelope: EventEnvelope; channels: string[] }[],
): Promise<void> {
  if (events.length === 0) return;
  const multi = redis.multi();
  for (const { envelope, channels } of events) {
    const payload = serializeEnvelope(envelope);
    multi.xadd(stream, "MINID", "~", String(Date.now() - STREAM_RETENTION_MS), "*", "event", payload);
    for (const channel of channels) multi.publish(channel, payload);
  }
  const results = await multi.exec();
  const failed = results?.find(([error]) => error);
  if (!results || failed) throw failed?.[0] ?? new Error("Redis discarded the transaction");
}

import type { Redis } from "ioredis";
import type { Logger } from "@shop/logger";
import { parseEnvelope, type EventEnvelope } from "./envelope.ts";

export type ChannelListener = (envelope: EventEnvelope) => void;

export interface ChannelHub {
  /** Listens to one live channel until the returned function is called. */
  listen(channel: string, listener: ChannelListener): () => void;
  /** How many channels this process is subscribed to in Redis. */
  channelCount(): number;
}

/**
 * Live pub/sub channels shared by every listener of a process: ONE Redis connection in
 * subscriber mode, one SUBSCRIBE per channel however many listeners it has, UNSUBSCRIBE
 * when the last one leaves. A message is handed to each listener synchronously and
 * without waiting on any of them, so a slow listener cannot delay the others.
 */
export function createChannelHub({ redis, logger }: { redis: Redis; logger: Logger }): ChannelHub {
  const listeners = new Map<string, Set<ChannelListener>>();

  redis.on("message", (channel: string, text: string) => {
    const envelope = parseEnvelope(text);
    if (!envelope) return;
    for (const listener of listeners.get(channel) ?? []) {
      try {
        listener(envelope);
      } catch (error) {
        logger.error({ err: error, channel }, "channel listener failed");
      }
    }
  });
  // A SUBSCRIBE sent while Redis was away failed; this (and ioredis's own resubscription) restores them all.
  redis.on("ready", () => {
    if (listeners.size > 0) redis.subscribe(...listeners.keys()).catch(() => undefined);
  });

  return {
    listen(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        listeners.set(channel, (set = new Set()));
        redis.subscribe(channel).catch((error: unknown) => logger.debug({ err: error, channel }, "subscribe deferred until Redis is back"));
      }
      set.add(listener);
      return () => {
        if (!set.delete(listener) || set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        redis.unsubscribe(channel).catch(() => undefined);
      };
    },
    channelCount: () => listeners.size,
  };
}

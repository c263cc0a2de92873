import { RedisPubSub } from "graphql-redis-subscriptions";
import type { Logger } from "@shop/logger";
import { isolateListener, type ChannelHub } from "./channel-hub.ts";
import { parseEnvelope, serializeEnvelope, type EventEnvelope } from "./envelope.ts";
import type { Redis } from "./redis.ts";

export interface RedisChannels extends ChannelHub {
  /** Publishes on one live channel (nothing durable). */
  announce(channel: string, envelope: EventEnvelope): Promise<void>;
  /** Quits both connections. */
  close(): Promise<void>;
}

// RedisPubSub counts each channel's listeners but has no accessor for how many channels it holds.
type ChannelsHeld = { subsRefsMap: Map<string, Set<number>> };

/**
 * The live channels over Redis pub/sub, on graphql-redis-subscriptions' RedisPubSub: ONE
 * connection in subscriber mode for the process, one SUBSCRIBE per channel however many
 * listeners it has, UNSUBSCRIBE when the last one leaves. A subscriber-mode connection cannot
 * PUBLISH, hence the second one. What travels is the envelope's own JSON, as the streams carry it.
 */
export function createRedisChannels({ publisher, subscriber, logger }: { publisher: Redis; subscriber: Redis; logger: Logger }): RedisChannels {
  const pubsub = new RedisPubSub({
    publisher,
    subscriber,
    serializer: serializeEnvelope,
    // Once per message, shared by its listeners; null for anything that is not an envelope.
    deserializer: (message) => parseEnvelope(message.toString()),
  });
  let closed = false;

  return {
    listen(channel, listener) {
      const deliver = isolateListener(listener, channel, logger);
      let listening = true;
      const subscribed = pubsub.subscribe(channel, (envelope: EventEnvelope | null) => {
        if (listening && envelope) deliver(envelope);
      });
      // Only when the subscriber connection is closed: its commands otherwise wait for Redis.
      subscribed.catch((error: unknown) => logger.debug({ err: error, channel }, "subscribe abandoned"));
      return () => {
        if (!listening) return;
        listening = false;
        // Released once the SUBSCRIBE is answered: RedisPubSub cannot let go of a pending one.
        // Not after close: UNSUBSCRIBE on a closed connection would be an unhandled rejection.
        subscribed.then((id) => closed || pubsub.unsubscribe(id), () => undefined);
      };
    },
    channelCount: () => (pubsub as unknown as ChannelsHeld).subsRefsMap.size,
    announce: (channel, envelope) => pubsub.publish(channel, envelope),
    async close() {
      closed = true;
      await pubsub.close().catch(() => {
        publisher.disconnect();
        subscriber.disconnect();
      });
    },
  };
}

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

// Two private fields of RedisPubSub (graphql-redis-subscriptions 2.7.0, pinned; the tests read
// both): its count of each channel's listeners, which has no accessor, and the SUBSCRIBE still
// waiting per channel, whose failure it rejects with no handler (an unhandled rejection ends
// the process). A SUBSCRIBE fails only when Redis refuses it or the connection is closed.
type Internals = { subsRefsMap: Map<string, Set<number>>; subsPendingRefsMap: Map<string, { pending: Promise<unknown> }> };

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
  const internals = pubsub as unknown as Internals;
  let closed = false;

  return {
    listen(channel, listener) {
      const deliver = isolateListener(listener, channel, logger);
      let listening = true;
      const subscribed = pubsub.subscribe(channel, (envelope: EventEnvelope | null) => {
        if (listening && envelope) deliver(envelope);
      });
      subscribed.catch((error: unknown) => closed || logger.warn({ err: error, channel }, "subscribe failed; this listener hears nothing"));
      internals.subsPendingRefsMap.get(channel)?.pending.catch(() => undefined);
      return () => {
        if (!listening) return;
        listening = false;
        // Released once the SUBSCRIBE is answered: RedisPubSub cannot let go of a pending one.
        // Not after close: UNSUBSCRIBE on a closed connection would be an unhandled rejection.
        subscribed.then((id) => closed || pubsub.unsubscribe(id), () => undefined);
      };
    },
    channelCount: () => internals.subsRefsMap.size,
    isListening: () => subscriber.status === "ready",
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

import { EventEmitter } from "node:events";
import { PubSub } from "graphql-subscriptions";
import type { Logger } from "@shop/logger";
import { isolateListener, type ChannelHub } from "./channel-hub.ts";
import { parseEnvelope } from "./envelope.ts";

export interface InProcessChannels extends ChannelHub {
  /** Delivers a serialized envelope to the channel's listeners once the caller's turn is over. */
  announce(channel: string, text: string): void;
  /** Drops every listener. */
  close(): void;
}

/**
 * The live channels in memory, on graphql-subscriptions' PubSub (RedisPubSub's sibling).
 * Listeners get a copy parsed from the serialized event, as from Redis, so none shares (or
 * mutates) the publisher's object; it arrives after the publisher's call returned, as a
 * Redis message arrives later, and in publish order.
 */
export function createInProcessChannels({ logger }: { logger: Logger }): InProcessChannels {
  // Ours, so the channels can be counted; no cap on listeners, thousands may share a channel.
  const emitter = new EventEmitter().setMaxListeners(0);
  const pubsub = new PubSub({ eventEmitter: emitter });

  function deliver(channel: string, text: string) {
    if (emitter.listenerCount(channel) === 0) return;
    const envelope = parseEnvelope(text);
    if (envelope) void pubsub.publish(channel, envelope);
  }

  return {
    listen(channel, listener) {
      const handler = isolateListener(listener, channel, logger);
      const subscribed = pubsub.subscribe(channel, handler);
      let listening = true;
      return () => {
        if (!listening) return;
        listening = false;
        // PubSub names the subscription only asynchronously, but a listener leaves at once:
        // off the emitter now, out of PubSub's records when the id is known.
        emitter.removeListener(channel, handler);
        void subscribed.then((id) => pubsub.unsubscribe(id));
      };
    },
    channelCount: () => emitter.eventNames().length,
    isListening: () => true,
    announce: (channel, text) => queueMicrotask(() => deliver(channel, text)),
    close: () => void emitter.removeAllListeners(),
  };
}

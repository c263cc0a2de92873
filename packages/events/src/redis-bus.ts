import type { Logger } from "@shop/logger";
import { createChannelHub, type ChannelHub } from "./channel-hub.ts";
import { serializeEnvelope } from "./envelope.ts";
import type { EventBus } from "./event-bus.ts";
import { publishEvents } from "./publisher.ts";
import { createRedis, type Redis } from "./redis.ts";
import { startStreamConsumer } from "./stream-consumer.ts";
import { tracedHandler } from "./trace-context.ts";

/**
 * The event bus over Redis streams (durable, consumer groups) and pub/sub (live channels).
 * One connection publishes and answers pings; the channel hub and each consumer get their
 * own, opened when first needed, since subscriber mode and blocking reads hold a connection.
 */
export function createRedisBus({ url, logger, name }: { url: string; logger: Logger; name: string }): EventBus {
  const main = createRedis(url, logger, name);
  const connections: Redis[] = [main];
  const open = (suffix: string) => {
    const redis = createRedis(url, logger, `${name}-${suffix}`);
    connections.push(redis);
    return redis;
  };
  let hub: ChannelHub | undefined;

  return {
    kind: "redis",
    publish: (stream, events) => publishEvents(main, stream, events),
    async announce(channel, envelope) {
      await main.publish(channel, serializeEnvelope(envelope));
    },
    consume: (options) => startStreamConsumer({ ...options, handle: tracedHandler("redis", options.group, options.handle), redis: open(`${options.group}-consumer`) }),
    listen(channel, listener) {
      hub ??= createChannelHub({ redis: open("subscriber"), logger });
      return hub.listen(channel, listener);
    },
    channelCount: () => hub?.channelCount() ?? 0,
    isConnected: () => main.status === "ready",
    ping: () => main.ping(),
    async close() {
      for (const redis of connections) redis.disconnect();
    },
  };
}

/** The bus a service was handed (shared by every service of the process), or a Redis bus of its own. */
export function resolveEventBus(options: { shared?: EventBus | undefined; redisUrl: string; logger: Logger; name: string }): { bus: EventBus; shared: boolean } {
  if (options.shared) return { bus: options.shared, shared: true };
  return { bus: createRedisBus({ url: options.redisUrl, logger: options.logger, name: options.name }), shared: false };
}

import type { Logger } from "@shop/logger";
import type { EventBus } from "./event-bus.ts";
import { publishEvents } from "./publisher.ts";
import { pruneDeadConsumers } from "./dead-consumers.ts";
import type { PollingWorker } from "./polling-worker.ts";
import { pruneOnSchedule } from "./prune-on-schedule.ts";
import { closeRedis, createRedis, createSubscriberRedis, type Redis } from "./redis.ts";
import { createRedisChannels } from "./redis-channels.ts";
import { startStreamConsumer } from "./stream-consumer.ts";
import { tracedHandler } from "./trace-context.ts";

/**
 * The event bus over Redis streams (durable, consumer groups) and pub/sub (live channels).
 * One connection publishes and answers pings; the live channels' subscriber and each consumer
 * get their own, opened when first needed, since subscriber mode and blocking reads hold a connection.
 */
export function createRedisBus({ url, logger, name }: { url: string; logger: Logger; name: string }): EventBus {
  const main = createRedis(url, logger, name);
  const channels = createRedisChannels({ publisher: main, subscriber: createSubscriberRedis(url, logger, `${name}-subscriber`), logger });
  const consumers: Redis[] = [];
  const housekeeping: PollingWorker[] = [];

  return {
    kind: "redis",
    publish: (stream, events) => publishEvents(main, stream, events),
    announce: channels.announce,
    consume({ deadConsumerIdleMs, ...options }) {
      const redis = createRedis(url, logger, `${name}-${options.group}-consumer`);
      consumers.push(redis);
      if (deadConsumerIdleMs !== undefined) {
        // On the main connection (the consumer's own is held by its blocking reads), once it is
        // up: its commands fail at once while it connects, and the next round is an hour away.
        const { stream, group } = options;
        const schedule = () =>
          void housekeeping.push(pruneOnSchedule({ name: `${group}-dead-consumers`, logger, prune: () => pruneDeadConsumers(main, { stream, group, idleMs: deadConsumerIdleMs }) }));
        if (main.status === "ready") schedule();
        else main.once("ready", schedule);
      }
      return startStreamConsumer({ ...options, handle: tracedHandler("redis", options.group, options.handle), redis });
    },
    listen: channels.listen,
    channelCount: channels.channelCount,
    isListening: channels.isListening,
    isConnected: () => main.status === "ready",
    ping: () => main.ping(),
    async close() {
      await Promise.all(housekeeping.map((worker) => worker.stop()));
      await Promise.all([channels.close(), ...consumers.map(closeRedis)]);
    },
  };
}

/** The bus a service was handed (shared by every service of the process), or a Redis bus of its own. */
export function resolveEventBus(options: { shared?: EventBus | undefined; redisUrl: string; logger: Logger; name: string }): { bus: EventBus; shared: boolean } {
  if (options.shared) return { bus: options.shared, shared: true };
  return { bus: createRedisBus({ url: options.redisUrl, logger: options.logger, name: options.name }), shared: false };
}

import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "@shop/logger";

export type { Redis };

/**
 * A Redis client that fails fast while disconnected instead of queueing commands: the
 * callers (outbox relay, consumers) keep their own state and simply try again later.
 * It reconnects on its own, forever, with a capped backoff.
 */
export function createRedis(url: string, logger: Logger, name: string): Redis {
  return connect(url, logger, name, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // A Redis that stops answering (paused, half-open connection) fails commands instead of
    // hanging them; longer than any blocking read the consumers make.
    commandTimeout: 5_000,
  });
}

/**
 * A client for subscriber mode, connected on its first SUBSCRIBE. Its commands wait while
 * Redis is away instead of failing: a failed SUBSCRIBE would leave its listener deaf, and
 * once back ioredis subscribes the connection's channels again by itself.
 */
export function createSubscriberRedis(url: string, logger: Logger, name: string): Redis {
  return connect(url, logger, name, { lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
}

/** QUIT, so that replies in flight still arrive; a connection that cannot send it is dropped. */
export async function closeRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

function connect(url: string, logger: Logger, name: string, options: RedisOptions): Redis {
  const redis = new Redis(url, {
    ...options,
    connectionName: name,
    keepAlive: 10_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  redis.on("error", (error) => {
    if (!down) logger.warn({ err: error, redis: name }, "redis connection lost; retrying");
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.info({ redis: name }, "redis connection restored");
    down = false;
  });
  return redis;
}

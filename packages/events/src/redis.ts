import { Redis } from "ioredis";
import type { Logger } from "@shop/logger";

export type { Redis };

/**
 * A Redis client that fails fast while disconnected instead of queueing commands: the
 * callers (outbox relay, consumers) keep their own state and simply try again later.
 * It reconnects on its own, forever, with a capped backoff.
 */
export function createRedis(url: string, logger: Logger, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // A Redis that stops answering (paused, half-open connection) fails commands instead of
    // hanging them; longer than any blocking read the consumers make.
    commandTimeout: 5_000,
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

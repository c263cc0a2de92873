import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Redis } from "@shop/events";
import type { AttemptCounter } from "../domain/sign-in-limits.ts";

export interface AttemptCounterOptions {
  /** Part of every key, so that two counters never share one. */
  name: string;
  attempts: number;
  windowSeconds: number;
  /** Shared by every replica when given; this process's memory otherwise (and while Redis is down). */
  redis?: { client: Redis; namespace: string };
}

// E-mail and IP addresses are personal data: the store only ever sees a digest of them.
const digest = (key: string) => createHash("sha256").update(key).digest("base64url");

/** A fixed window per key, counted by rate-limiter-flexible in Redis or in memory. */
export function createAttemptCounter({ name, attempts, windowSeconds, redis }: AttemptCounterOptions): AttemptCounter {
  const limits = { points: attempts, duration: windowSeconds };
  const memory = new RateLimiterMemory({ ...limits, keyPrefix: name });
  const limiter = redis
    ? new RateLimiterRedis({ ...limits, storeClient: redis.client, keyPrefix: `${redis.namespace}:attempts:${name}`, insuranceLimiter: memory })
    : memory;
  return {
    async hit(key) {
      try {
        await limiter.consume(digest(key));
        return null;
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        throw refusal;
      }
    },
    async reset(key) {
      await limiter.delete(digest(key));
    },
  };
}

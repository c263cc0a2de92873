import type { Redis } from "@shop/events";
import type { NonceStore } from "./signature.ts";

/** This process's memory: enough for one replica, and the fallback while Redis is away. */
export function memoryNonceStore(now: () => number = Date.now): NonceStore {
  const expiries = new Map<string, number>();
  return {
    async claim(nonce, ttlSeconds) {
      const time = now();
      // Expired nonces go on every claim; the map holds at most a window's worth of requests.
      for (const [seen, expiry] of expiries) {
        if (expiry > time) break;
        expiries.delete(seen);
      }
      if (expiries.has(nonce)) return false;
      expiries.set(nonce, time + ttlSeconds * 1000);
      return true;
    },
  };
}

/**
 * Shared by every replica of a service, so a request replayed to another replica is refused
 * too. While Redis cannot answer, each replica remembers its own (`fallback`) rather than
 * refusing every request.
 */
export function redisNonceStore(redis: Redis, namespace: string, fallback: NonceStore = memoryNonceStore()): NonceStore {
  return {
    async claim(nonce, ttlSeconds) {
      try {
        return (await redis.set(`${namespace}:nonce:${nonce}`, "1", "EX", ttlSeconds, "NX")) === "OK";
      } catch {
        return fallback.claim(nonce, ttlSeconds);
      }
    },
  };
}

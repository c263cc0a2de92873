import type { Redis } from "@shop/events";
import { ServiceUnavailableError } from "@shop/errors";
import type { Logger } from "@shop/logger";
import type { RevokedSessions } from "../domain/revoked-sessions.ts";

/**
 * Revoked token ids in Redis, shared by every replica, each kept until its token would have
 * expired. While Redis cannot answer, tokens count as signed in (every user would be signed
 * out otherwise); a logout fails then, and says so.
 */
export function redisRevokedSessions(redis: Redis, namespace: string, logger: Logger): RevokedSessions {
  const key = (id: string) => `${namespace}:revoked-session:${id}`;
  return {
    async revoke(id, expiresAt) {
      try {
        await redis.set(key(id), "1", "EXAT", expiresAt);
      } catch (error) {
        throw new ServiceUnavailableError("Signing out is not possible right now; try again shortly.", { cause: error });
      }
    },
    async isRevoked(id) {
      try {
        return (await redis.exists(key(id))) === 1;
      } catch (error) {
        logger.warn({ err: error }, "revoked sessions unreadable; the token is taken as signed in");
        return false;
      }
    },
  };
}

/** The same in this process's memory: single-process mode, where every service shares it. */
export function memoryRevokedSessions(now: () => number = Date.now): RevokedSessions {
  const revoked = new Map<string, number>();
  return {
    async revoke(id, expiresAt) {
      revoked.set(id, expiresAt);
    },
    async isRevoked(id) {
      const expiresAt = revoked.get(id);
      if (expiresAt === undefined) return false;
      if (expiresAt * 1000 > now()) return true;
      revoked.delete(id);
      return false;
    },
  };
}

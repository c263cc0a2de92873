// Revoked sessions on the real Redis, and in memory.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testRedis } from "@shop/events/testing";
import { memoryRevokedSessions, redisRevokedSessions } from "./revoked-sessions.ts";

const { ready, unreachable, logger, close } = testRedis("revoked");
afterAll(close);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe("revoked sessions", () => {
  it("in Redis: a revoked id is seen by every replica, and kept only until its token expires", async () => {
    const redis = await ready();
    const namespace = `revoked-${randomUUID()}`;
    const [one, other] = [redisRevokedSessions(redis, namespace, logger), redisRevokedSessions(redis, namespace, logger)];
    await one.revoke("s-1", inAnHour());
    expect(await other.isRevoked("s-1")).toBe(true);
    expect(await other.isRevoked("s-2")).toBe(false);
    expect(await redis.ttl(`${namespace}:revoked-session:s-1`)).toBeGreaterThan(3500);
  });

  it("in Redis: while it is down, tokens count as signed in, and a logout fails", async () => {
    const down = redisRevokedSessions(unreachable, "down", logger);
    expect(await down.isRevoked("s-1")).toBe(false);
    await expect(down.revoke("s-1", inAnHour())).rejects.toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE" } });
  });

  it("in memory: forgets a revoked id once its token has expired", async () => {
    let now = Date.now();
    const sessions = memoryRevokedSessions(() => now);
    await sessions.revoke("s-1", Math.floor(now / 1000) + 10);
    expect(await sessions.isRevoked("s-1")).toBe(true);
    now += 11_000;
    expect(await sessions.isRevoked("s-1")).toBe(false);
  });
});

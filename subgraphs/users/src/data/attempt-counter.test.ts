// The attempt counter on the real Redis, shared between two counters as between two replicas,
// and in memory when Redis cannot be reached.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testRedis } from "@shop/events/testing";
import { createAttemptCounter } from "./attempt-counter.ts";

const { ready, unreachable, close } = testRedis("attempts");
afterAll(close);

const namespace = `attempts-${randomUUID()}`;

describe("attempt counter", () => {
  it("is shared by every replica through Redis, and reset for all of them", async () => {
    const redis = await ready();
    const replicas = [1, 2].map(() => createAttemptCounter({ name: "account", attempts: 3, windowSeconds: 60, redis: { client: redis, namespace } }));
    const key = "ann@test.shop";
    expect([await replicas[0]!.hit(key), await replicas[1]!.hit(key), await replicas[0]!.hit(key)]).toEqual([null, null, null]);
    const retryAfter = await replicas[1]!.hit(key);
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // What Redis holds names neither the key nor its owner.
    const stored = await redis.keys(`${namespace}:*`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(key);
    await replicas[0]!.reset(key);
    expect(await replicas[1]!.hit(key)).toBeNull();
  });

  it("counts in memory while Redis is down, still refusing past the limit", async () => {
    const counter = createAttemptCounter({ name: "address", attempts: 2, windowSeconds: 60, redis: { client: unreachable, namespace } });
    expect([await counter.hit("192.0.2.1"), await counter.hit("192.0.2.1")]).toEqual([null, null]);
    expect(await counter.hit("192.0.2.1")).toBeGreaterThan(0);
  });
});

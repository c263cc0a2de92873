// The nonce stores on the real Redis, and in memory.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { testRedis } from "@shop/events/testing";
import { memoryNonceStore, redisNonceStore } from "./nonce-stores.ts";

const { ready, unreachable, close } = testRedis("nonces");
afterAll(close);

describe("nonce stores", () => {
  it("in Redis: a nonce is claimed once across replicas, and expires with its window", async () => {
    const redis = await ready();
    const namespace = `nonces-${randomUUID()}`;
    const [first, second] = [redisNonceStore(redis, namespace), redisNonceStore(redis, namespace)];
    expect(await first.claim("n-1", 60)).toBe(true);
    expect(await second.claim("n-1", 60)).toBe(false);
    expect(await redis.ttl(`${namespace}:nonce:n-1`)).toBeGreaterThan(55);
  });

  it("falls back to memory while Redis is down", async () => {
    const store = redisNonceStore(unreachable, "down");
    expect(await store.claim("n-2", 60)).toBe(true);
    expect(await store.claim("n-2", 60)).toBe(false);
  });

  it("in memory: forgets a nonce once its time is up", async () => {
    let time = 0;
    const store = memoryNonceStore(() => time);
    expect(await store.claim("a", 10)).toBe(true);
    expect(await store.claim("a", 10)).toBe(false);
    time = 10_001;
    expect(await store.claim("a", 10)).toBe(true);
  });
});

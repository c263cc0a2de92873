import { describe, expect, it } from "vitest";
import { createResponseCache } from "./response-cache.ts";

function cacheAt(options: { maxEntries?: number; ttlMs?: number } = {}) {
  const clock = { now: 1_000 };
  const cache = createResponseCache({ maxEntries: options.maxEntries ?? 100, ttlMs: options.ttlMs ?? 60_000, now: () => clock.now });
  return { cache, clock };
}

describe("the response cache", () => {
  it("serves what it stored until one of its tags is dropped, and only that", () => {
    const { cache } = cacheAt();
    cache.store("page", { page: 1 }, ["Catalogue", "Product:a"], cache.begin());
    cache.store("b", { product: "b" }, ["Product:b"], cache.begin());
    expect(cache.get("page")).toEqual({ page: 1 });

    cache.invalidate(["Product:a"]);
    expect(cache.get("page")).toBeUndefined();
    expect(cache.get("b")).toEqual({ product: "b" });
    expect(cache.size).toBe(1);
  });

  it("does not store an answer whose fetches began before one of its tags was dropped", () => {
    const { cache } = cacheAt();
    const begun = cache.begin();
    cache.invalidate(["Product:a"]); // the change lands while the answer is being fetched
    cache.store("a", { stale: true }, ["Product:a"], begun);
    expect(cache.get("a")).toBeUndefined();

    // Begun after the drop: its data is the changed one.
    cache.store("a", { fresh: true }, ["Product:a"], cache.begin());
    expect(cache.get("a")).toEqual({ fresh: true });
    // A drop of another tag meanwhile does not matter.
    const next = cache.begin();
    cache.invalidate(["Product:z"]);
    cache.store("c", { c: 1 }, ["Product:c"], next);
    expect(cache.get("c")).toEqual({ c: 1 });
  });

  it("forgets old drops without storing what began before them", () => {
    const { cache, clock } = cacheAt();
    const begun = cache.begin();
    cache.invalidate(["Product:a"]);
    clock.now += 61_000;
    cache.invalidate(["Product:other"]); // clears the memory of drops
    cache.store("a", { stale: true }, ["Product:a"], begun);
    expect(cache.get("a")).toBeUndefined();
  });

  it("lets answers expire after the TTL and keeps at most maxEntries, oldest out first", () => {
    const { cache, clock } = cacheAt({ maxEntries: 2, ttlMs: 5_000 });
    cache.store("1", 1, ["T:1"], cache.begin());
    cache.store("2", 2, ["T:2"], cache.begin());
    cache.store("3", 3, ["T:3"], cache.begin());
    expect([cache.get("1"), cache.get("2"), cache.get("3")]).toEqual([undefined, 2, 3]);
    clock.now += 5_000;
    expect(cache.get("2")).toBeUndefined();
  });

  it("calls an entry due for a refresh once, in the last fifth of its time; a fresh answer starts its time again", () => {
    const { cache, clock } = cacheAt({ ttlMs: 10_000 });
    cache.store("a", 1, ["T:a"], cache.begin());
    expect(cache.claimRefresh("a")).toBe(false);
    clock.now += 7_999;
    expect(cache.claimRefresh("a")).toBe(false);
    clock.now += 1;
    expect(cache.claimRefresh("a")).toBe(true);
    expect(cache.claimRefresh("a")).toBe(false); // one refresh at a time
    expect(cache.get("a")).toBe(1); // still served meanwhile
    cache.store("a", 2, ["T:a"], cache.begin());
    expect(cache.claimRefresh("a")).toBe(false);
    clock.now += 8_000;
    expect(cache.claimRefresh("a")).toBe(true);
    expect(cache.claimRefresh("missing")).toBe(false);
  });

  it("empties at a flush, and stores nothing that began before it", () => {
    const { cache } = cacheAt();
    cache.store("1", 1, ["T:1"], cache.begin());
    const begun = cache.begin();
    cache.flush();
    expect(cache.get("1")).toBeUndefined();
    cache.store("2", 2, ["T:2"], begun);
    expect(cache.size).toBe(0);
  });
});

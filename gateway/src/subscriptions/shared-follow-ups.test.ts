import { describe, expect, it } from "vitest";
import type { FollowUpQuery } from "./follow-up-query.ts";
import { shareIdenticalFollowUps } from "./shared-follow-ups.ts";

const query = (queryHash: string, variables: Record<string, unknown> = {}) => ({ queryHash, variables }) as unknown as FollowUpQuery;

describe("shareIdenticalFollowUps", () => {
  it("runs identical follow-ups in flight together once, and later ones again", async () => {
    const calls: string[] = [];
    const shared = shareIdenticalFollowUps(async (q, authorization, extra) => {
      calls.push(`${q.queryHash}|${authorization}|${JSON.stringify(extra)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { calls: calls.length };
    });
    const same = await Promise.all([shared(query("a"), "Bearer 1"), shared(query("a"), "Bearer 1"), shared(query("a"), "Bearer 1")]);
    expect(calls).toHaveLength(1);
    expect(same[0]).toBe(same[2]);
    await shared(query("a"), "Bearer 1");
    expect(calls).toHaveLength(2);
  });

  it("keeps apart what could answer differently: another token, document or variable", async () => {
    let count = 0;
    const shared = shareIdenticalFollowUps(async () => ++count);
    await Promise.all([
      shared(query("a"), "Bearer 1"),
      shared(query("a"), "Bearer 2"),
      shared(query("b"), "Bearer 1"),
      shared(query("a"), "Bearer 1", { id: "n1" }),
      shared(query("a"), "Bearer 1", { id: "n2" }),
    ]);
    expect(count).toBe(5);
  });

  it("shares a failure as well, and forgets it", async () => {
    let attempts = 0;
    const shared = shareIdenticalFollowUps(async () => {
      attempts++;
      throw new Error("down");
    });
    const results = await Promise.allSettled([shared(query("a"), "t"), shared(query("a"), "t")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    await expect(shared(query("a"), "t")).rejects.toThrow("down");
    expect(attempts).toBe(2);
  });
});

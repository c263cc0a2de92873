import { describe, expect, it } from "vitest";
import { shareInFlight } from "./in-flight.ts";

describe("shareInFlight", () => {
  it("runs the work of one key once for the callers in flight together, and again later", async () => {
    let runs = 0;
    const once = shareInFlight<{ run: number }>();
    const work = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { run: runs };
    };
    const together = await Promise.all([once("a", work), once("a", work), once("a", work)]);
    expect(runs).toBe(1);
    expect(together[0]).toBe(together[2]);
    await once("a", work);
    expect(runs).toBe(2);
  });

  it("keeps other keys apart", async () => {
    let runs = 0;
    const once = shareInFlight<number>();
    const answers = await Promise.all(["a", "b", "a", "c"].map((key) => once(key, async () => ++runs)));
    expect(runs).toBe(3);
    expect(answers[0]).toBe(answers[2]);
  });

  it("shares a failure as well, and forgets it", async () => {
    let attempts = 0;
    const once = shareInFlight<never>();
    const fail = async () => {
      attempts++;
      throw new Error("down");
    };
    const results = await Promise.allSettled([once("a", fail), once("a", fail)]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    await expect(once("a", fail)).rejects.toThrow("down");
    expect(attempts).toBe(2);
  });
});

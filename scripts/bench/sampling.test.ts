import { describe, expect, it } from "vitest";
import { integerBetween, seededRandom, shuffled, weightedPicker, zipfPicker, zipfSampler } from "./sampling.ts";

function counts(draw: () => number, n: number, draws: number): number[] {
  const seen = new Array<number>(n).fill(0);
  for (let i = 0; i < draws; i++) seen[draw()]!++;
  return seen;
}

describe("seededRandom", () => {
  it("repeats for the same seed, differs for another, stays in [0, 1)", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(first);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("zipfSampler", () => {
  it("draws rank r in proportion to 1/(r+1)^s over the whole range", () => {
    const n = 2000;
    const draws = 400_000;
    const seen = counts(zipfSampler(n, 1, seededRandom(1)), n, draws);
    let harmonic = 0;
    for (let rank = 1; rank <= n; rank++) harmonic += 1 / rank;
    // Rank 0 gets 1/H(n) of the draws, rank 1 half of that, rank 9 a tenth.
    expect(seen[0]! / draws).toBeCloseTo(1 / harmonic, 2);
    expect(seen[1]! / seen[0]!).toBeCloseTo(0.5, 1);
    expect(seen[9]! / seen[0]!).toBeCloseTo(0.1, 1);
    // The long tail is reached: the last tenth of the catalogue gets about its Zipf share.
    const tail = seen.slice(1800).reduce((sum, x) => sum + x, 0) / draws;
    let tailShare = 0;
    for (let rank = 1801; rank <= n; rank++) tailShare += 1 / rank / harmonic;
    expect(tail).toBeCloseTo(tailShare, 2);
    expect(seen.filter((x) => x === 0).length).toBeLessThan(n / 20);
  });

  it("is uniform with exponent 0 and refuses an empty range", () => {
    const seen = counts(zipfSampler(4, 0, seededRandom(2)), 4, 40_000);
    for (const x of seen) expect(x / 40_000).toBeCloseTo(0.25, 1);
    expect(() => zipfSampler(0, 1, seededRandom(2))).toThrow(/positive integer/);
  });
});

describe("zipfPicker", () => {
  it("makes a random item the hottest and can pick every one", () => {
    const items = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const pick = zipfPicker(items, 1, seededRandom(3));
    const seen = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const item = pick();
      seen.set(item, (seen.get(item) ?? 0) + 1);
    }
    expect(seen.size).toBe(50);
    const hottest = [...seen.entries()].sort((a, b) => b[1] - a[1])[0]!;
    expect(hottest[0]).not.toBe("p0");
    expect(hottest[1] / 50_000).toBeGreaterThan(0.15);
  });
});

describe("weightedPicker", () => {
  it("picks each key in proportion to its weight", () => {
    const pick = weightedPicker({ a: 40, b: 25, c: 15, d: 10, e: 5, f: 5 }, seededRandom(4));
    const seen: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) {
      const key = pick();
      seen[key] = (seen[key] ?? 0) + 1;
    }
    expect(seen.a! / 100_000).toBeCloseTo(0.4, 2);
    expect(seen.e! / 100_000).toBeCloseTo(0.05, 2);
    expect(() => weightedPicker({ a: 0 }, seededRandom(4))).toThrow(/more than 0/);
  });
});

describe("shuffled and integerBetween", () => {
  it("keeps every item and stays within the bounds", () => {
    const random = seededRandom(5);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const result = shuffled(items, random);
    expect(result).not.toEqual(items);
    expect([...result].sort((a, b) => a - b)).toEqual(items);
    const values = new Set(Array.from({ length: 1000 }, () => integerBetween(1, 3, random)));
    expect([...values].sort()).toEqual([1, 2, 3]);
  });
});

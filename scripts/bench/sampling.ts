// Random choices of the benchmark: reproducible (a seeded generator), Zipf-skewed where real
// shoppers are (a few products and categories get most of the views), weighted for the mixes.

export type Random = () => number;

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1); the same seed gives the same run. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Ranks 0 … n-1 drawn with probability proportional to 1 / (rank + 1)^exponent, by binary search
 * in the cumulative distribution (computed once: O(log n) a draw).
 */
export function zipfSampler(n: number, exponent: number, random: Random): () => number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`zipfSampler: n must be a positive integer, not ${n}`);
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/** Items drawn from a Zipf distribution, the hottest being a random (seeded) one, not the first listed. */
export function zipfPicker<T>(items: readonly T[], exponent: number, random: Random): () => T {
  const ranked = shuffled(items, random);
  const rank = zipfSampler(ranked.length, exponent, random);
  return () => ranked[rank()]!;
}

/** Picks a key with probability weight / sum of weights. */
export function weightedPicker<T extends string>(weights: Readonly<Record<T, number>>, random: Random): () => T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (!(total > 0)) throw new Error("weightedPicker: the weights must add up to more than 0");
  return () => {
    let target = random() * total;
    for (const [key, weight] of entries) {
      target -= weight;
      if (target < 0) return key;
    }
    return entries.at(-1)![0];
  };
}

/** A copy in random order (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** An integer in [low, high]. */
export function integerBetween(low: number, high: number, random: Random): number {
  return low + Math.floor(random() * (high - low + 1));
}

// Cache hit ratios from the services' Prometheus endpoints: every counter named
// `…cache_requests_total` with a `result` label (the gateway's response cache,
// gateway_response_cache_requests_total{result="hit"|"miss"|"bypass"|…}, and any other cache
// counted the same way), read before and after a mix.

/** counter name -> result -> value, summed over the other labels. */
export type CacheCounters = Record<string, Record<string, number>>;

const CACHE_COUNTER = /^([a-zA-Z_:][a-zA-Z0-9_:]*cache_requests_total)\{([^}]*)\}\s+(\S+)/;

export function parseCacheCounters(exposition: string): CacheCounters {
  const counters: CacheCounters = {};
  for (const line of exposition.split("\n")) {
    const match = CACHE_COUNTER.exec(line);
    if (!match) continue;
    const result = /(?:^|,)result="([^"]*)"/.exec(match[2]!)?.[1];
    if (!result) continue;
    const byResult = (counters[match[1]!] ??= {});
    byResult[result] = (byResult[result] ?? 0) + Number(match[3]);
  }
  return counters;
}

/** The counters of every endpoint that answers; one that does not adds nothing. */
export async function readCacheCounters(metricsUrls: readonly string[]): Promise<CacheCounters> {
  const all: CacheCounters = {};
  for (const url of metricsUrls) {
    const text = await fetch(url, { signal: AbortSignal.timeout(5000) }).then((response) => (response.ok ? response.text() : ""), () => "");
    for (const [name, byResult] of Object.entries(parseCacheCounters(text))) {
      const into = (all[name] ??= {});
      for (const [result, value] of Object.entries(byResult)) into[result] = (into[result] ?? 0) + value;
    }
  }
  return all;
}

export interface CacheRatio {
  /** hits / all lookups during the mix (bypassed requests included), or null when there were none. */
  hitRatio: number | null;
  counts: Record<string, number>;
}

/** Per counter, what happened between the two readings; empty when no service exposes a cache counter. */
export function cacheRatios(before: CacheCounters, after: CacheCounters): Record<string, CacheRatio> {
  return Object.fromEntries(
    Object.entries(after).map(([name, byResult]) => {
      const counts = Object.fromEntries(Object.entries(byResult).map(([result, value]) => [result, value - (before[name]?.[result] ?? 0)]));
      const total = Object.values(counts).reduce((sum, value) => sum + value, 0);
      return [name, { hitRatio: total > 0 ? (counts.hit ?? 0) / total : null, counts }];
    }),
  );
}

/**
 * The gateway's cache of whole answers to queries, in this replica's memory, filed under the
 * tags the subgraphs named (CACHE_TAGS_HEADER) and dropped by the events that change them
 * (`invalidate`, from the event bus's changes channel: every replica hears every change).
 *
 * An answer whose fetches started before one of its tags was dropped is not stored: it may have
 * read the data from before the change (`begin` marks the start, `store` checks it). Entries
 * also expire after `ttlMs`, the bound on staleness should an event ever be missed; one that is
 * still asked for in the last fifth of that time is due for a refresh (`claimRefresh`), so that
 * a fresh answer replaces it before it expires instead of a caller waiting for one.
 */
export interface ResponseCache {
  /** The cached answer under `key`, if it is still good. */
  get(key: string): unknown;
  /** True once per entry, when it has reached the last fifth of its time: the caller fetches a fresh answer for it. */
  claimRefresh(key: string): boolean;
  /** Marks the start of a request's fetches, for `store`. */
  begin(): number;
  /** Files an answer under its tags, unless one of them was dropped since `begun`. */
  store(key: string, value: unknown, tags: readonly string[], begun: number): void;
  /** Drops every answer filed under any of these tags. */
  invalidate(tags: readonly string[]): void;
  /** Drops everything (when events may have been missed). */
  flush(): void;
  readonly size: number;
}

interface Entry {
  value: unknown;
  tags: readonly string[];
  expiresAt: number;
  refreshClaimed: boolean;
}

// An entry is refreshed in this last share of its time.
const REFRESH_WITHIN = 0.2;

// How long a drop is remembered for the race check; a request still running after that much
// time (far beyond any deadline) is simply not stored.
const DROPS_REMEMBERED_MS = 60_000;

export function createResponseCache({ maxEntries, ttlMs, now = Date.now }: { maxEntries: number; ttlMs: number; now?: () => number }): ResponseCache {
  const entries = new Map<string, Entry>();
  const keysByTag = new Map<string, Set<string>>();
  // A counter of drops: `begin` returns it, and each tag remembers the count at its last drop.
  let drops = 0;
  let droppedAt = new Map<string, number>();
  // Every drop before this count is forgotten (droppedAt is cleared now and then to stay small).
  let forgottenBefore = 0;
  let lastForget = now();

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    for (const tag of entry.tags) {
      const keys = keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) keysByTag.delete(tag);
    }
  }

  function forgetOldDrops() {
    if (now() - lastForget < DROPS_REMEMBERED_MS) return;
    lastForget = now();
    forgottenBefore = drops;
    droppedAt = new Map();
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        remove(key);
        return undefined;
      }
      return entry.value;
    },
    claimRefresh(key) {
      const entry = entries.get(key);
      if (!entry || entry.refreshClaimed || now() < entry.expiresAt - ttlMs * REFRESH_WITHIN) return false;
      entry.refreshClaimed = true;
      return true;
    },
    begin: () => drops,
    store(key, value, tags, begun) {
      if (begun < forgottenBefore || tags.some((tag) => (droppedAt.get(tag) ?? -1) > begun)) return;
      remove(key);
      // The oldest entry goes first: Map keeps insertion order.
      if (entries.size >= maxEntries) remove(entries.keys().next().value!);
      entries.set(key, { value, tags, expiresAt: now() + ttlMs, refreshClaimed: false });
      for (const tag of tags) {
        let keys = keysByTag.get(tag);
        if (!keys) keysByTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },
    invalidate(tags) {
      if (tags.length === 0) return;
      forgetOldDrops();
      drops++;
      for (const tag of tags) {
        droppedAt.set(tag, drops);
        for (const key of keysByTag.get(tag) ?? []) remove(key);
      }
    },
    flush() {
      drops++;
      forgottenBefore = drops;
      droppedAt = new Map();
      entries.clear();
      keysByTag.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

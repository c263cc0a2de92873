import type { Logger } from "@shop/logger";

// Events every group has handled are dropped, except this many, for a group that starts late
// (in one process the services start one after another, and a relay may publish in between).
const KEEP_FOR_LATE_GROUPS = 1_000;
// A group this far behind (its handler failing for good) loses its oldest events, as a Redis
// stream trims them after its retention; logged.
const MAX_ENTRIES = 100_000;

export interface StreamEntry {
  seq: number;
  /** Serialized, as Redis carries it: no consumer shares (or mutates) the publisher's object. */
  text: string;
}

/** One consumer group's place in a stream, shared by the group's consumers. */
export interface StreamGroup {
  /** The group's next event for one of its consumers, or null when it has none. */
  read(): StreamEntry | null;
  /** A consumer is done with the event it read: the stream may drop what every group has passed. */
  acknowledge(): void;
  /** An event a stopping consumer read but did not acknowledge: the group's next read returns it. */
  giveBack(entry: StreamEntry): void;
  /** Calls `wake` once, at the next append or give-back; the returned function cancels that. */
  onNews(wake: () => void): () => void;
}

export interface InProcessStream {
  /** Appends serialized events, in order. */
  append(texts: string[]): void;
  /** The named group; a new one starts at the oldest event kept, as a Redis group created at "0". */
  group(name: string): StreamGroup;
}

interface GroupState {
  /** The sequence number of the next event no consumer of the group has read. */
  next: number;
  /** Events stopped consumers gave back: read first, in order. */
  returned: StreamEntry[];
  wake: Set<() => void>;
}

/** A durable stream in memory, with consumer groups as on Redis (XADD, XREADGROUP, XACK, trimming). */
export function createInProcessStream(name: string, logger: Logger): InProcessStream {
  const entries: StreamEntry[] = [];
  const groups = new Map<string, GroupState>();
  let nextSeq = 1;

  const wakeAll = (state: GroupState) => {
    for (const wake of [...state.wake]) wake();
    state.wake.clear();
  };

  function trim() {
    const passed = Math.min(...[...groups.values()].map((group) => group.next));
    while (entries.length > KEEP_FOR_LATE_GROUPS && entries[0]!.seq < passed) entries.shift();
    if (entries.length <= MAX_ENTRIES) return;
    const dropped = entries.splice(0, entries.length - MAX_ENTRIES);
    const first = entries[0]!.seq;
    for (const [groupName, group] of groups) {
      if (group.next >= first) continue;
      logger.error({ stream: name, group: groupName, lost: first - group.next }, "events were dropped before this group processed them");
      group.next = first;
    }
    logger.warn({ stream: name, dropped: dropped.length }, "in-process stream trimmed");
  }

  return {
    append(texts) {
      for (const text of texts) entries.push({ seq: nextSeq++, text });
      trim();
      for (const state of groups.values()) wakeAll(state);
    },

    group(groupName) {
      let state = groups.get(groupName);
      if (!state) groups.set(groupName, (state = { next: entries[0]?.seq ?? nextSeq, returned: [], wake: new Set() }));
      const own = state;
      return {
        read() {
          const returned = own.returned.shift();
          if (returned) return returned;
          const first = entries[0]?.seq ?? nextSeq;
          const entry = entries[own.next - first];
          if (!entry) return null;
          own.next = entry.seq + 1;
          return entry;
        },
        acknowledge: trim,
        giveBack(entry) {
          own.returned.unshift(entry);
          wakeAll(own);
        },
        onNews(wake) {
          own.wake.add(wake);
          return () => void own.wake.delete(wake);
        },
      };
    },
  };
}

import type { Logger } from "@shop/logger";
import { parseEnvelope, serializeEnvelope } from "./envelope.ts";
import type { EventBus } from "./event-bus.ts";
import { createInProcessChannels } from "./in-process-channels.ts";
import { retryDelay } from "./stream-consumer.ts";
import { tracedHandler } from "./trace-context.ts";

// Events every group has handled are dropped, except this many, for a group that starts late
// (in one process the services start one after another, and a relay may publish in between).
const KEEP_FOR_LATE_GROUPS = 1_000;
// A group this far behind (its handler failing for good) loses its oldest events, as a Redis
// stream trims them after its retention; logged.
const MAX_ENTRIES = 100_000;

interface Entry {
  seq: number;
  /** Serialized, as Redis carries it: no consumer shares (or mutates) the publisher's object. */
  text: string;
}

interface Group {
  /** The sequence number of the next event no consumer of the group has taken. */
  next: number;
  /** Events a stopped consumer took but did not acknowledge: handed out first, in order. */
  returned: Entry[];
  wake: Set<() => void>;
}

interface Stream {
  entries: Entry[];
  nextSeq: number;
  groups: Map<string, Group>;
}

/**
 * The event bus in memory, for every service in one process (`npm start` without Redis).
 * Consumer groups behave as on Redis: each event goes to one consumer of each group, is
 * acknowledged only when `handle` succeeded, and a failing event is retried, with the same
 * backoff, before the consumer takes any later one. Nothing survives the process: the
 * durability of an event is the orders outbox's until it is published.
 */
export function createInProcessBus({ logger }: { logger: Logger }): EventBus {
  const streams = new Map<string, Stream>();
  const channels = createInProcessChannels({ logger });
  let closed = false;

  const streamOf = (name: string) => {
    let stream = streams.get(name);
    if (!stream) streams.set(name, (stream = { entries: [], nextSeq: 1, groups: new Map() }));
    return stream;
  };

  function trim(name: string, stream: Stream) {
    const passed = Math.min(...[...stream.groups.values()].map((group) => group.next));
    while (stream.entries.length > KEEP_FOR_LATE_GROUPS && stream.entries[0]!.seq < passed) stream.entries.shift();
    if (stream.entries.length <= MAX_ENTRIES) return;
    const dropped = stream.entries.splice(0, stream.entries.length - MAX_ENTRIES);
    const first = stream.entries[0]!.seq;
    for (const [groupName, group] of stream.groups) {
      if (group.next >= first) continue;
      logger.error({ stream: name, group: groupName, lost: first - group.next }, "events were dropped before this group processed them");
      group.next = first;
    }
    logger.warn({ stream: name, dropped: dropped.length }, "in-process stream trimmed");
  }

  /** The group's next event for one of its consumers, or null when it has none. */
  function take(stream: Stream, group: Group): Entry | null {
    const returned = group.returned.shift();
    if (returned) return returned;
    const first = stream.entries[0]?.seq ?? stream.nextSeq;
    const entry = stream.entries[group.next - first];
    if (!entry) return null;
    group.next = entry.seq + 1;
    return entry;
  }

  return {
    kind: "in-process",

    async publish(name, events) {
      if (closed) throw new Error("the event bus is closed");
      // Checked first, so a batch is appended whole or not at all.
      const texts = events.map(({ envelope }) => serializeEnvelope(envelope));
      if (events.length === 0) return;
      const stream = streamOf(name);
      for (const [index, { channels: targets }] of events.entries()) {
        stream.entries.push({ seq: stream.nextSeq++, text: texts[index]! });
        for (const channel of targets) channels.announce(channel, texts[index]!);
      }
      trim(name, stream);
      for (const group of stream.groups.values()) for (const wake of group.wake) wake();
    },

    async announce(channel, envelope) {
      if (closed) throw new Error("the event bus is closed");
      channels.announce(channel, serializeEnvelope(envelope));
    },

    consume({ stream: name, group: groupName, handle: untraced, onHandled, logger: log, retryDelayMs = 500 }) {
      const handle = tracedHandler("in-process", groupName, untraced);
      const stream = streamOf(name);
      let group = stream.groups.get(groupName);
      // From the oldest event kept, as a Redis group created at "0" reads the whole stream.
      if (!group) stream.groups.set(groupName, (group = { next: stream.entries[0]?.seq ?? stream.nextSeq, returned: [], wake: new Set() }));
      const own = group;
      let running = true;
      let held: Entry | null = null;
      let failures = 0;
      let interrupt: (() => void) | null = null;

      const pause = (ms?: number) =>
        new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            own.wake.delete(done);
            interrupt = null;
            resolve();
          };
          const timer = ms === undefined ? undefined : setTimeout(done, ms);
          // Waiting for events: any publish wakes it; pausing after a failure: only stop() does.
          if (ms === undefined) own.wake.add(done);
          interrupt = done;
        });

      const loop = (async () => {
        while (running) {
          held ??= take(stream, own);
          if (!held) {
            await pause();
            continue;
          }
          const envelope = parseEnvelope(held.text);
          if (!envelope) {
            log.error({ stream: name, seq: held.seq }, "dropping a message that is not an event envelope");
            held = null;
            continue;
          }
          try {
            await handle(envelope);
            held = null;
            failures = 0;
            trim(name, stream);
            onHandled?.(envelope, "ok");
          } catch (error) {
            failures++;
            onHandled?.(envelope, "error");
            if (failures === 1 || failures % 20 === 0) {
              log.warn({ err: error, stream: name, eventId: envelope.id, failures }, "event failed; retrying it before any later one");
            }
            if (running) await pause(retryDelay(retryDelayMs, failures));
          }
        }
        // Not acknowledged: another consumer of the group (or the next one started) takes it over.
        if (held) {
          own.returned.unshift(held);
          for (const wake of own.wake) wake();
        }
      })();

      return {
        async stop() {
          running = false;
          interrupt?.();
          await loop;
        },
      };
    },

    listen: channels.listen,
    channelCount: channels.channelCount,
    isConnected: () => !closed,
    ping: async () => {
      if (closed) throw new Error("the event bus is closed");
    },
    async close() {
      closed = true;
      channels.close();
    },
  };
}

import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { createEnvelope, type EventEnvelope } from "./envelope.ts";
import type { EventBus } from "./event-bus.ts";
import { createInProcessBus } from "./in-process-bus.ts";
import type { StreamConsumer } from "./stream-consumer.ts";

const logger = createLogger({ service: "test", level: "silent" });
const STREAM = "t:stream";
const event = (n: number) => createEnvelope({ type: "t.happened", aggregateId: `a${n}`, schemaVersion: 1, data: { n } });
const numbers = (envelopes: EventEnvelope[]) => envelopes.map((envelope) => (envelope.data as { n: number }).n);

/** Resolves once `predicate` holds, checked after every handled event (no fixed sleeps). */
function waitFor(predicate: () => boolean) {
  return expect.poll(predicate, { timeout: 5_000, interval: 5 }).toBe(true);
}

let bus: EventBus;
let consumers: StreamConsumer[] = [];
const consume = (group: string, handle: (envelope: EventEnvelope) => Promise<void>, retryDelayMs = 5) => {
  const consumer = bus.consume({ stream: STREAM, group, consumer: `${group}-${consumers.length}`, handle, logger, retryDelayMs });
  consumers.push(consumer);
  return consumer;
};

afterEach(async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  consumers = [];
  await bus.close();
});

describe("in-process event bus", () => {
  it("gives every group every event once, and shares a group's events between its consumers", async () => {
    bus = createInProcessBus({ logger });
    const a: EventEnvelope[] = [];
    const b1: EventEnvelope[] = [];
    const b2: EventEnvelope[] = [];
    consume("a", async (envelope) => void a.push(envelope));
    consume("b", async (envelope) => void b1.push(envelope));
    consume("b", async (envelope) => void b2.push(envelope));
    await bus.publish(STREAM, [1, 2, 3, 4, 5, 6].map((n) => ({ envelope: event(n), channels: [] })));
    await waitFor(() => a.length === 6 && b1.length + b2.length === 6);
    expect(numbers(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbers([...b1, ...b2]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    // Each consumer got its share; nothing was handed to both.
    expect(new Set([...numbers(b1), ...numbers(b2)]).size).toBe(6);
  });

  it("a group created after events were published reads them from the start", async () => {
    bus = createInProcessBus({ logger });
    await bus.publish(STREAM, [{ envelope: event(1), channels: [] }]);
    const seen: EventEnvelope[] = [];
    consume("late", async (envelope) => void seen.push(envelope));
    await waitFor(() => seen.length === 1);
    expect(numbers(seen)).toEqual([1]);
  });

  it("drops what every group has handled but keeps the last 1,000 events for a group that starts late", async () => {
    bus = createInProcessBus({ logger });
    let handled = 0;
    consume("early", async () => void handled++);
    await bus.publish(STREAM, Array.from({ length: 1_500 }, (_, n) => ({ envelope: event(n + 1), channels: [] })));
    await waitFor(() => handled === 1_500);
    const late: EventEnvelope[] = [];
    consume("late", async (envelope) => void late.push(envelope));
    await waitFor(() => late.length === 1_000);
    expect(numbers(late).slice(0, 2)).toEqual([501, 502]);
    expect(numbers(late).at(-1)).toBe(1_500);
  });

  it("retries a failing event, in order, before any later one, and acknowledges it once handled", async () => {
    bus = createInProcessBus({ logger });
    const attempts: number[] = [];
    const handled: number[] = [];
    let failuresLeft = 3;
    consume("g", async (envelope) => {
      const n = (envelope.data as { n: number }).n;
      attempts.push(n);
      if (n === 1 && failuresLeft-- > 0) throw new Error("dependency down");
      handled.push(n);
    });
    await bus.publish(STREAM, [1, 2, 3].map((n) => ({ envelope: event(n), channels: [] })));
    await waitFor(() => handled.length === 3);
    expect(attempts).toEqual([1, 1, 1, 1, 2, 3]);
    expect(handled).toEqual([1, 2, 3]);
  });

  it("hands an event its stopped consumer did not acknowledge to the next consumer of the group", async () => {
    bus = createInProcessBus({ logger });
    const first = consume("g", async () => {
      throw new Error("always fails");
    }, 60_000);
    await bus.publish(STREAM, [1, 2].map((n) => ({ envelope: event(n), channels: [] })));
    // The long pause after the failure must not delay stopping.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    const handled: number[] = [];
    consume("g", async (envelope) => void handled.push((envelope.data as { n: number }).n));
    await waitFor(() => handled.length === 2);
    expect(handled).toEqual([1, 2]);
  });

  it("fans a live event out to every listener of its channel, and to no other channel", async () => {
    bus = createInProcessBus({ logger });
    const one: EventEnvelope[] = [];
    const two: EventEnvelope[] = [];
    const other: EventEnvelope[] = [];
    bus.listen("c:1", (envelope) => one.push(envelope));
    bus.listen("c:1", (envelope) => two.push(envelope));
    bus.listen("c:2", (envelope) => other.push(envelope));
    expect(bus.channelCount()).toBe(2);
    const envelope = event(7);
    await bus.publish(STREAM, [{ envelope, channels: ["c:1"] }]);
    await bus.announce("c:1", event(8));
    await waitFor(() => one.length === 2 && two.length === 2);
    expect(numbers(one)).toEqual([7, 8]);
    expect(two.map((e) => e.id)).toEqual(one.map((e) => e.id));
    expect(one[0]).toEqual(envelope);
    // A copy, as over Redis: listeners cannot change what the publisher (or another listener) holds.
    expect(one[0]).not.toBe(envelope);
    expect(other).toEqual([]);
  });

  it("stops delivering to a listener that unsubscribed and forgets the channel when its last listener leaves", async () => {
    bus = createInProcessBus({ logger });
    const kept: EventEnvelope[] = [];
    const gone: EventEnvelope[] = [];
    bus.listen("c", (envelope) => kept.push(envelope));
    const unlisten = bus.listen("c", (envelope) => gone.push(envelope));
    unlisten();
    await bus.announce("c", event(1));
    await waitFor(() => kept.length === 1);
    expect(gone).toEqual([]);
    const unlistenKept = bus.listen("c", () => undefined);
    unlistenKept();
    expect(bus.channelCount()).toBe(1);
    bus.listen("d", () => undefined)();
    expect(bus.channelCount()).toBe(1);
  });

  it("a listener that throws does not keep the event from the others", async () => {
    bus = createInProcessBus({ logger });
    const seen: EventEnvelope[] = [];
    bus.listen("c", () => {
      throw new Error("broken listener");
    });
    bus.listen("c", (envelope) => seen.push(envelope));
    await bus.announce("c", event(1));
    await waitFor(() => seen.length === 1);
  });

  it("refuses to publish once closed and says so on ping", async () => {
    bus = createInProcessBus({ logger });
    expect(bus.kind).toBe("in-process");
    expect(bus.isConnected()).toBe(true);
    await expect(bus.ping()).resolves.toBeUndefined();
    await bus.close();
    expect(bus.isConnected()).toBe(false);
    await expect(bus.ping()).rejects.toThrow("closed");
    await expect(bus.publish(STREAM, [{ envelope: event(1), channels: [] }])).rejects.toThrow("closed");
  });
});

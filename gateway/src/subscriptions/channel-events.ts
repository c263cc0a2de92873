import type { ChannelHub, EventEnvelope } from "@shop/events";

// A subscriber this far behind is too slow to keep up; the oldest of its events go first.
const MAX_QUEUED_EVENTS = 100;

/**
 * One subscriber's view of a live channel, as an async iterator that starts listening at
 * once (so nothing published while the subscription is being checked is missed). Events
 * queue per subscriber: the hub never waits for this subscriber's delivery.
 */
export function channelEvents(hub: ChannelHub, channel: string, accept: (envelope: EventEnvelope) => boolean): AsyncIterableIterator<EventEnvelope> {
  const queue: EventEnvelope[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const unlisten = hub.listen(channel, (envelope) => {
    if (!accept(envelope)) return;
    if (queue.push(envelope) > MAX_QUEUED_EVENTS) queue.shift();
    wake?.();
  });
  const finish = () => {
    done = true;
    unlisten();
    wake?.();
    return Promise.resolve({ done: true as const, value: undefined });
  };
  return {
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      return done ? { done: true, value: undefined } : { done: false, value: queue.shift()! };
    },
    return: finish,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

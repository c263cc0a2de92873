import type { Logger } from "@shop/logger";
import { parseEnvelope, serializeEnvelope } from "./envelope.ts";
import type { EventBus } from "./event-bus.ts";
import { createInProcessChannels } from "./in-process-channels.ts";
import { createInProcessStream, type InProcessStream, type StreamEntry } from "./in-process-stream.ts";
import { retryDelay } from "./stream-consumer.ts";
import { tracedHandler } from "./trace-context.ts";

/**
 * The event bus in memory, for every service in one process (`npm start` without Redis):
 * streams (`createInProcessStream`) and live channels (`createInProcessChannels`). Consumer
 * groups behave as on Redis: each event goes to one consumer of each group, is acknowledged
 * only when `handle` succeeded, and a failing event is retried, with the same backoff, before
 * the consumer takes any later one. Nothing survives the process: the durability of an event
 * is the orders outbox's until it is published.
 */
export function createInProcessBus({ logger }: { logger: Logger }): EventBus {
  const streams = new Map<string, InProcessStream>();
  const channels = createInProcessChannels({ logger });
  let closed = false;

  const streamOf = (name: string) => {
    let stream = streams.get(name);
    if (!stream) streams.set(name, (stream = createInProcessStream(name, logger)));
    return stream;
  };

  return {
    kind: "in-process",

    async publish(name, events) {
      if (closed) throw new Error("the event bus is closed");
      // Checked first, so a batch is appended whole or not at all.
      const texts = events.map(({ envelope }) => serializeEnvelope(envelope));
      if (events.length === 0) return;
      streamOf(name).append(texts);
      for (const [index, { channels: targets }] of events.entries()) {
        for (const channel of targets) channels.announce(channel, texts[index]!);
      }
    },

    async announce(channel, envelope) {
      if (closed) throw new Error("the event bus is closed");
      channels.announce(channel, serializeEnvelope(envelope));
    },

    consume({ stream: name, group: groupName, handle: untraced, onHandled, logger: log, retryDelayMs = 500 }) {
      const handle = tracedHandler("in-process", groupName, untraced);
      const group = streamOf(name).group(groupName);
      let running = true;
      let held: StreamEntry | null = null;
      let failures = 0;
      let interrupt: (() => void) | null = null;

      const pause = (ms?: number) =>
        new Promise<void>((resolve) => {
          let stopWaiting: () => void = () => undefined;
          const done = () => {
            clearTimeout(timer);
            stopWaiting();
            interrupt = null;
            resolve();
          };
          const timer = ms === undefined ? undefined : setTimeout(done, ms);
          // Waiting for events: any append wakes it; pausing after a failure: only stop() does.
          if (ms === undefined) stopWaiting = group.onNews(done);
          interrupt = done;
        });

      const loop = (async () => {
        while (running) {
          held ??= group.read();
          if (!held) {
            await pause();
            continue;
          }
          const envelope = parseEnvelope(held.text);
          if (!envelope) {
            log.error({ stream: name, seq: held.seq }, "dropping a message that is not an event envelope");
            held = null;
            group.acknowledge();
            continue;
          }
          try {
            await handle(envelope);
            held = null;
            failures = 0;
            group.acknowledge();
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
        if (held) group.giveBack(held);
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
    isListening: channels.isListening,
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

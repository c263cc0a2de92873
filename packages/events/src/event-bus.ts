import type { ChannelHub } from "./channel-hub.ts";
import type { EventEnvelope } from "./envelope.ts";
import type { StreamConsumer, StreamConsumerOptions } from "./stream-consumer.ts";

/** One event to append to a durable stream, announced on these live channels too. */
export interface PublishedEvent {
  envelope: EventEnvelope;
  channels: string[];
}

/**
 * A consumer-group reader's options; the bus supplies the connection. `deadConsumerIdleMs`:
 * the group's consumers idle this long with nothing pending are deleted, hourly (names left by
 * replicas that are gone; see pruneDeadConsumers). The in-process bus names no consumers.
 */
export type ConsumeOptions = Omit<StreamConsumerOptions, "redis"> & { deadConsumerIdleMs?: number };

/**
 * Where the services' events travel: Redis between processes (`createRedisBus`), or memory
 * when every service runs in one process (`createInProcessBus`). The same promises either
 * way: a published batch is all or nothing; in a consumer group each event is handled by
 * one consumer, acknowledged only once `handle` succeeded, retried before any later one;
 * a live channel reaches every listener of it.
 */
export interface EventBus extends ChannelHub {
  /** Shown by /readyz and the start output: which transport carries the events. */
  readonly kind: "redis" | "in-process";
  /** Appends to the durable stream and announces each event on its channels. */
  publish(stream: string, events: PublishedEvent[]): Promise<void>;
  /** Announces on one live channel only, nothing durable (best effort). */
  announce(channel: string, envelope: EventEnvelope): Promise<void>;
  /**
   * Reads `options.stream` as a member of `options.group` until the consumer is stopped; each
   * event is handled in a span continuing the trace its envelope carries.
   */
  consume(options: ConsumeOptions): StreamConsumer;
  /** False while publishing would fail at once (Redis disconnected), so callers can wait. */
  isConnected(): boolean;
  /** Rejects when the bus cannot carry events now. */
  ping(): Promise<unknown>;
  /** Lets go of every connection; stop the consumers first. */
  close(): Promise<void>;
}

import type { Logger } from "@shop/logger";
import type { EventEnvelope } from "./envelope.ts";

export type ChannelListener = (envelope: EventEnvelope) => void;

/**
 * Live channels shared by every listener of a process: one subscription per channel however
 * many listeners it has, released when the last one leaves (`createRedisChannels`,
 * `createInProcessChannels`).
 */
export interface ChannelHub {
  /** Listens to one live channel until the returned function is called. */
  listen(channel: string, listener: ChannelListener): () => void;
  /** How many channels this process is subscribed to. */
  channelCount(): number;
  /** False while live events may be missed (Redis away): a listener cannot know what it did not hear. */
  isListening(): boolean;
}

/**
 * The listener as a channel calls it: an event is handed to each listener synchronously, one
 * after another, so one that throws is logged and must not keep the event from the rest.
 */
export function isolateListener(listener: ChannelListener, channel: string, logger: Logger): ChannelListener {
  return (envelope) => {
    try {
      listener(envelope);
    } catch (error) {
      logger.error({ err: error, channel }, "channel listener failed");
    }
  };
}

/** One message to one recipient; `id` is the notification's id, stable across retries. */
export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** A way out for one channel. `send` resolves once the provider accepted the message and throws otherwise. */
export interface DeliveryChannel {
  /** Which adapter this is, for the start log: smtp, http or log. */
  adapter: string;
  send(message: OutgoingMessage): Promise<void>;
}

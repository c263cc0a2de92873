import type { DeliveryChannel } from "./channel.ts";

export interface HttpSmsSettings {
  url: string;
  apiKey: string;
  from: string;
  timeoutMs: number;
}

/**
 * SMS through an HTTP provider: POST {to, from, text} as JSON with a bearer key. Any 2xx
 * is accepted; anything else, or no answer within the timeout, is a failed try.
 */
export function createHttpSmsChannel({ url, apiKey, from, timeoutMs }: HttpSmsSettings): DeliveryChannel {
  return {
    adapter: "http",
    async send(message) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${apiKey}`,
          // Stable across retries, for providers that de-duplicate requests.
          "idempotency-key": message.id,
        },
        body: JSON.stringify({ to: message.to, from, text: message.text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`SMS provider answered HTTP ${response.status}`);
    },
  };
}

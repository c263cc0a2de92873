import type { FormattedExecutionResult } from "graphql";

// A JSON string no result serialises to, left where a shared payload goes.
const PLACEHOLDER = "\u0000shared-payload";
const TAIL = `"payload":${JSON.stringify(PLACEHOLDER)}}`;

/**
 * The JSON of results that many subscribers share (see execute-subscription), made once per
 * result rather than once per subscriber.
 */
export function createPayloadJson() {
  const cache = new WeakMap<FormattedExecutionResult, string>();
  const jsonOf = (result: FormattedExecutionResult) => {
    let json = cache.get(result);
    if (json === undefined) cache.set(result, (json = JSON.stringify(result)));
    return json;
  };
  // The message being serialised, and its payload's JSON once the replacer has taken it out.
  let message: unknown = null;
  let pending: string | null = null;
  return {
    jsonOf,
    /**
     * For graphql-ws, which serialises each message itself (`jsonMessageReplacer`): a `next`
     * message's payload becomes a placeholder, and its JSON waits for `fill`, which the socket's
     * send calls; graphql-ws sends each message right after serialising it, so they pair up.
     * Only the top-level payload of a `next` message is taken, and only for this one message.
     */
    replacer(this: unknown, key: string, value: unknown): unknown {
      if (key === "") {
        [message, pending] = [value, null];
        return value;
      }
      if (key !== "payload" || this !== message || (message as { type?: unknown }).type !== "next" || typeof value !== "object" || value === null) return value;
      pending = jsonOf(value as FormattedExecutionResult);
      return PLACEHOLDER;
    },
    /** The serialised message with its payload's JSON in place of the placeholder. */
    fill(data: string): string {
      if (pending === null || !data.endsWith(TAIL)) return data;
      const message = `${data.slice(0, -TAIL.length)}"payload":${pending}}`;
      pending = null;
      return message;
    },
  };
}

export type PayloadJson = ReturnType<typeof createPayloadJson>;

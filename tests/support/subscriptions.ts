import { createClient, type Client } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import type { EventEnvelope } from "@shop/events";
import type { GraphQLResult } from "./client.ts";

/** A graphql-ws client as a SPA opens one: the token in connection_init. */
export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Every result of one subscription, collected; `done` settles when it completes or fails. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: GraphQLResult[] = [];
  let unsubscribe = () => {};
  const done = new Promise<unknown>((resolve) => {
    unsubscribe = client.subscribe({ query, variables }, { next: (result) => void results.push(result as GraphQLResult), error: resolve, complete: () => resolve(undefined) });
  });
  return { results, done, unsubscribe };
}

/**
 * Subscribes over Apollo's multipart HTTP protocol and collects each part's payload. A
 * subscription refused before it started is a plain GraphQL response: that is `refusal`.
 */
export async function multipartSubscribe(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: 'multipart/mixed;subscriptionSpec="1.0", application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const payloads: GraphQLResult[] = [];
  let parts = 0;
  if (!/^multipart\//.test(response.headers.get("content-type") ?? "")) {
    const refusal = (await response.json()) as GraphQLResult;
    return { response, payloads, refusal, parts: () => parts, close: () => abort.abort(), reading: Promise.resolve() };
  }
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const pieces = buffer.split("\r\n--graphql");
      buffer = pieces.pop()!;
      for (const piece of pieces) {
        const json = piece.split("\r\n\r\n")[1];
        if (!json) continue;
        parts++;
        const part = JSON.parse(json) as { payload?: GraphQLResult };
        if (part.payload) payloads.push(part.payload);
      }
    }
  })().catch(() => undefined);
  return { response, payloads, refusal: undefined, parts: () => parts, close: () => abort.abort(), reading };
}

/** How many of the gateways' Redis connections listen to a channel: a subscription is live once this counts it. */
export async function channelListeners(redisUrl: string, channel: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    const [, count] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
    return count;
  } finally {
    redis.disconnect();
  }
}

/** Every envelope announced on a live channel from now on (parsed), until `stop`. */
export async function listenToChannel(redisUrl: string, channel: string) {
  const subscriber = new Redis(redisUrl);
  const envelopes: EventEnvelope<any>[] = [];
  subscriber.on("message", (_channel: string, message: string) => envelopes.push(JSON.parse(message) as EventEnvelope));
  await subscriber.subscribe(channel);
  return Object.assign(envelopes, { stop: () => subscriber.disconnect() });
}

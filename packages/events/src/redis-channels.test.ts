// The Redis live channels against a real Redis: what reaches the server (SUBSCRIBE per
// channel, UNSUBSCRIBE with its last listener) and what reaches the listeners.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { createEnvelope, serializeEnvelope, type EventEnvelope } from "./envelope.ts";
import { createRedis, createSubscriberRedis } from "./redis.ts";
import { createRedisChannels } from "./redis-channels.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const logger = createLogger({ service: "test", level: "silent" });
const prefix = `${process.env.TEST_EVENTS_NAMESPACE ?? "test"}:${randomUUID()}`;
const event = (n: number) => createEnvelope({ type: "t.happened", aggregateId: `a${n}`, schemaVersion: 1, data: { n } });
const numbers = (envelopes: EventEnvelope[]) => envelopes.map((envelope) => (envelope.data as { n: number }).n);

// A client of its own, to ask Redis who is subscribed and to publish as another process would.
const observer = createRedis(redisUrl, logger, "test-observer");
afterAll(() => observer.disconnect());
const subscribers = async (channel: string) => ((await observer.pubsub("NUMSUB", channel)) as [string, number])[1];

function channels() {
  const publisher = createRedis(redisUrl, logger, "test-publisher");
  const subscriber = createSubscriberRedis(redisUrl, logger, "test-subscriber");
  return { publisher, subscriber, live: createRedisChannels({ publisher, subscriber, logger }) };
}

describe("Redis live channels", () => {
  it("share one SUBSCRIBE between a channel's listeners and release it with the last one", async () => {
    const { live } = channels();
    const channel = `${prefix}:shared`;
    const one: EventEnvelope[] = [];
    const two: EventEnvelope[] = [];
    const stopOne = live.listen(channel, (envelope) => one.push(envelope));
    const stopTwo = live.listen(channel, (envelope) => two.push(envelope));
    expect(live.channelCount()).toBe(1);
    await expect.poll(() => subscribers(channel)).toBe(1);

    await observer.publish(channel, serializeEnvelope(event(1)));
    await expect.poll(() => one.length + two.length).toBe(2);
    stopOne();
    stopOne();
    await observer.publish(channel, serializeEnvelope(event(2)));
    await expect.poll(() => two.length).toBe(2);
    expect(numbers(one)).toEqual([1]);
    expect(live.channelCount()).toBe(1);
    expect(await subscribers(channel)).toBe(1);

    stopTwo();
    await expect.poll(() => subscribers(channel)).toBe(0);
    expect(live.channelCount()).toBe(0);
    await live.close();
  });

  it("carry the envelope's own JSON both ways, skip what is not an envelope, and survive a listener that throws", async () => {
    const { live } = channels();
    const channel = `${prefix}:wire`;
    const seen: EventEnvelope[] = [];
    const texts: string[] = [];
    live.listen(channel, () => {
      throw new Error("broken listener");
    });
    live.listen(channel, (envelope) => seen.push(envelope));
    const raw = createSubscriberRedis(redisUrl, logger, "test-raw");
    raw.on("message", (_channel: string, text: string) => texts.push(text));
    await raw.subscribe(channel);
    await expect.poll(() => subscribers(channel)).toBe(2);

    await observer.publish(channel, "not an envelope");
    await observer.publish(channel, JSON.stringify({ id: "x" }));
    const announced = event(3);
    await live.announce(channel, announced);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual(announced);
    await expect.poll(() => texts.at(-1)).toBe(serializeEnvelope(announced));
    raw.disconnect();
    await live.close();
  });

  it("close both connections, with a SUBSCRIBE still waiting for an unreachable Redis or with QUIT", async () => {
    const publisher = createRedis("redis://127.0.0.1:1", logger, "test-unreachable-publisher");
    const subscriber = createSubscriberRedis("redis://127.0.0.1:1", logger, "test-unreachable-subscriber");
    const live = createRedisChannels({ publisher, subscriber, logger });
    const stop = live.listen(`${prefix}:unreachable`, () => undefined);
    expect(live.channelCount()).toBe(1);
    stop();
    await live.close();
    await expect.poll(() => [publisher.status, subscriber.status]).toEqual(["end", "end"]);

    const reachable = channels();
    reachable.live.listen(`${prefix}:quit`, () => undefined);
    await expect.poll(() => subscribers(`${prefix}:quit`)).toBe(1);
    await reachable.live.close();
    await expect.poll(() => [reachable.publisher.status, reachable.subscriber.status]).toEqual(["end", "end"]);
  });
});

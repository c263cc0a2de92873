// The Redis bus against a real Redis: a consumer started with `deadConsumerIdleMs` prunes its
// group's dead consumer names (the schedule runs once at start, then hourly).
import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { createRedisBus } from "./redis-bus.ts";
import { testRedis } from "./testing.ts";

const redisClient = testRedis("redis-bus");
const stream = `${process.env.TEST_EVENTS_NAMESPACE ?? "test"}:redis-bus:${randomUUID()}`;
afterAll(async () => {
  await (await redisClient.ready()).del(stream);
  redisClient.close();
});

it("deletes the names of gone consumers of the group it reads, once they are idle past the limit", async () => {
  const redis = await redisClient.ready();
  const group = "g";
  await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
  const id = await redis.xadd(stream, "*", "event", "not an envelope");
  // A replica that read, acknowledged and went away.
  await redis.xreadgroup("GROUP", group, "gone", "COUNT", 1, "STREAMS", stream, ">");
  await redis.xack(stream, group, id!);
  await new Promise((resolve) => setTimeout(resolve, 300));

  const bus = createRedisBus({ url: "redis://127.0.0.1:6379", logger: redisClient.logger, name: "redis-bus-test" });
  const consumer = bus.consume({ stream, group, consumer: "live", logger: redisClient.logger, handle: async () => undefined, deadConsumerIdleMs: 200 });
  const names = async () => ((await redis.xinfo("CONSUMERS", stream, group)) as unknown[][]).map((fields) => fields[1]);
  await expect.poll(names, { timeout: 5000 }).toEqual(["live"]);
  await consumer.stop();
  await bus.close();
});

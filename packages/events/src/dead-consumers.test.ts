// Against a real Redis: which consumers of a group are deleted as dead, and which are kept.
import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { pruneDeadConsumers } from "./dead-consumers.ts";
import { testRedis } from "./testing.ts";

const redisClient = testRedis("dead-consumers");
afterAll(() => redisClient.close());
const stream = `${process.env.TEST_EVENTS_NAMESPACE ?? "test"}:dead-consumers:${randomUUID()}`;
afterAll(async () => void (await (await redisClient.ready()).del(stream)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("deletes the group's consumers idle past the limit with nothing pending, keeps a pending or recent one", async () => {
  const redis = await redisClient.ready();
  const group = "g";
  await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
  await redis.xadd(stream, "*", "event", "1");
  await redis.xadd(stream, "*", "event", "2");
  await redis.xadd(stream, "*", "event", "3");
  const read = (consumer: string) => redis.xreadgroup("GROUP", group, consumer, "COUNT", 1, "STREAMS", stream, ">") as Promise<[string, [string, string[]][]][] | null>;
  const readAndAck = async (consumer: string) => redis.xack(stream, group, (await read(consumer))![0]![1][0]![0]);
  // gone: read and acknowledged, then went away; holding: went away with an event unacknowledged.
  await readAndAck("gone");
  await read("holding");
  await sleep(300);
  // recent: reads and acknowledges (Redis before 7.2 counts only a read that returned events).
  await readAndAck("recent");

  expect(await pruneDeadConsumers(redis, { stream, group, idleMs: 200 })).toBe(1);
  const names = ((await redis.xinfo("CONSUMERS", stream, group)) as unknown[][]).map((fields) => fields[1]);
  expect(names.sort()).toEqual(["holding", "recent"]);
  // The kept consumer's pending event is still the group's, for another replica to claim.
  expect(((await redis.xpending(stream, group)) as [number])[0]).toBe(1);
});

it("has nothing to prune before the stream or the group exists", async () => {
  const redis = await redisClient.ready();
  expect(await pruneDeadConsumers(redis, { stream: `${stream}:none`, group: "g", idleMs: 1 })).toBe(0);
});

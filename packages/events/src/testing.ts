// For the tests of parts that keep their state in Redis: the test machine's Redis, and one that
// cannot be reached (port 1), to see a part degrade while Redis is away.
import { once } from "node:events";
import { createLogger } from "@shop/logger";
import { createRedis, type Redis } from "./redis.ts";

export function testRedis(name: string) {
  const logger = createLogger({ service: "test", level: "silent" });
  const redis = createRedis("redis://127.0.0.1:6379", logger, `${name}-test`);
  const unreachable = createRedis("redis://127.0.0.1:1", logger, `${name}-down`);
  return {
    logger,
    unreachable,
    /** The machine's Redis, once it is connected (commands fail fast before that). */
    async ready(): Promise<Redis> {
      if (redis.status !== "ready") await once(redis, "ready");
      return redis;
    },
    /** For afterAll. */
    close() {
      redis.disconnect();
      unreachable.disconnect();
    },
  };
}

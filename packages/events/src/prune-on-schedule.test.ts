import { expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { pruneOnSchedule } from "./prune-on-schedule.ts";

const logger = createLogger({ service: "test", level: "silent" });

it("prunes at once, again at once while batches come back full, then on schedule; a failure waits for the next round", async () => {
  const backlog = [3, 3, 1];
  const limits: number[] = [];
  let rounds = 0;
  const worker = pruneOnSchedule({
    name: "test",
    logger,
    everyMs: 100,
    batchSize: 3,
    async prune(limit) {
      rounds++;
      limits.push(limit);
      if (rounds === 4) throw new Error("the database is away");
      return backlog.shift() ?? 0;
    },
  });
  // Three rounds back to back drain the backlog (3, 3, then 1: not a full batch).
  await expect.poll(() => rounds, { timeout: 50, interval: 5 }).toBe(3);
  // Then one round per interval: the failing one, then the next.
  await expect.poll(() => rounds, { timeout: 1000 }).toBe(5);
  await worker.stop();
  expect(limits.every((limit) => limit === 3)).toBe(true);
  const stoppedAt = rounds;
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(rounds).toBe(stoppedAt);
});

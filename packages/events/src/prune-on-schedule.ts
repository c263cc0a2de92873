import type { Logger } from "@shop/logger";
import { startPollingWorker, type PollingWorker } from "./polling-worker.ts";

/** Housekeeping runs hourly: what it removes is days old, so nothing is gained by running more often. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** At most this many rows per statement: a backlog is deleted in short transactions. */
export const PRUNE_BATCH_SIZE = 1000;

/**
 * Runs `prune` now and every `everyMs`: it deletes at most `batchSize` of what has outlived its
 * retention and returns how many it removed. A full batch runs again at once, so a backlog
 * drains without waiting an hour per batch. Errors are logged and the next round tries again.
 */
export function pruneOnSchedule(options: {
  name: string;
  prune: (batchSize: number) => Promise<number>;
  logger: Logger;
  everyMs?: number;
  batchSize?: number;
}): PollingWorker {
  const { name, prune, logger, everyMs = PRUNE_EVERY_MS, batchSize = PRUNE_BATCH_SIZE } = options;
  return startPollingWorker({
    name,
    intervalMs: everyMs,
    logger,
    async round() {
      const removed = await prune(batchSize);
      if (removed > 0) logger.info({ worker: name, removed }, "pruned what outlived its retention");
      return { more: removed >= batchSize };
    },
  });
}

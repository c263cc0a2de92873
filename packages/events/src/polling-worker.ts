import type { Logger } from "@shop/logger";

export interface PollingWorker {
  /** Stops polling and waits for the round in progress to finish. */
  stop(): Promise<void>;
  /** Runs a round now instead of waiting for the next tick (e.g. right after a write). */
  nudge(): void;
}

/**
 * Runs `round` every `intervalMs`, one round at a time. A round returns how much it did;
 * when it did a full batch it runs again at once, so a backlog drains without waiting.
 * Errors are logged when they start and when they stop (not every round), and the next
 * round tries again.
 */
export function startPollingWorker(options: {
  name: string;
  intervalMs: number;
  round: () => Promise<{ more: boolean }>;
  logger: Logger;
}): PollingWorker {
  const { name, intervalMs, round, logger } = options;
  let running = true;
  let wake: (() => void) | null = null;

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  let failing = false;
  const loop = (async () => {
    while (running) {
      let more = false;
      try {
        more = (await round()).more;
        if (failing) logger.info({ worker: name }, "worker recovered");
        failing = false;
      } catch (error) {
        if (!failing) logger.warn({ err: error, worker: name }, "worker round failed; retrying every round until it works");
        failing = true;
      }
      if (running && !more) await pause();
    }
  })();

  return {
    nudge: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

import type { Logger } from "@shop/logger";

const hooks: (() => Promise<void>)[] = [];

/**
 * Registers work for the very end of a graceful shutdown, after every service has stopped
 * (e.g. flushing telemetry: `onShutdown(shutdownTracing)`). Hooks run together; one that
 * fails is logged and does not keep the others from running.
 */
export function onShutdown(hook: () => Promise<void>): void {
  hooks.push(hook);
}

async function runShutdownHooks(logger: Logger) {
  const results = await Promise.allSettled(hooks.map((hook) => hook()));
  for (const result of results) if (result.status === "rejected") logger.error({ err: result.reason }, "shutdown hook failed");
}

/**
 * Stops the given services on SIGTERM or SIGINT, runs the shutdown hooks and exits. A second
 * signal, or a stop that outlasts the grace period, exits at once so an orchestrator never
 * waits forever.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, graceMs = 10_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ graceMs }, "shutdown took longer than the grace period: exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    // Hooks run even after a failed stop: telemetry of the failure is worth flushing too.
    void stop()
      .then(
        () => 0,
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          return 1;
        },
      )
      .then(async (code) => {
        await runShutdownHooks(logger);
        clearTimeout(timer);
        process.exit(code);
      });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

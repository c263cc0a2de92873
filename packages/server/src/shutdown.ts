import type { Logger } from "@shop/logger";
import { shutdownTracing } from "@shop/tracing";

/**
 * Stops the given services on SIGTERM or SIGINT, flushes traces, and exits. A second
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
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ graceMs }, "shutdown took longer than the grace period: exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    // Spans of the last requests are still buffered: sent once the service has drained.
    stop().then(shutdownTracing).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

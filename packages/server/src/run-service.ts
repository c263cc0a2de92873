import { ConfigError } from "@shop/config";
import type { Logger } from "@shop/logger";
import { shutdownTracing } from "@shop/tracing";
import { onShutdown, stopOnSignals } from "./shutdown.ts";
import type { RunningService } from "./graphql-service.ts";

/**
 * The whole of a service's main.ts: start it, stop it on SIGTERM/SIGINT, and turn a bad
 * configuration into one readable message instead of a stack trace.
 */
export async function runService(start: () => Promise<{ service: RunningService; logger: Logger }>) {
  try {
    const { service, logger } = await start();
    // Spans of the last requests are still buffered: sent once the service has drained.
    onShutdown(shutdownTracing);
    stopOnSignals(() => service.stop(), logger, service.shutdownGraceMs);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error("failed to start:", error);
    }
    process.exit(1);
  }
}

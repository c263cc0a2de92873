import type { Express } from "express";
import type { Logger } from "@shop/logger";

/**
 * Throws (or rejects) when a dependency is not reachable. An `optional` one is reported but
 * does not make the service unready: it can serve without it (and catches up later).
 */
export type ReadinessCheck = { name: string; check: () => Promise<unknown>; optional?: boolean };

/**
 * `/healthz`: the process is alive. `/readyz`: it can serve, i.e. every dependency answers.
 * Orchestrators restart on the first and route traffic on the second.
 */
export function mountHealthRoutes(app: Express, checks: ReadinessCheck[], isStopping: () => boolean, logger: Logger) {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    if (isStopping()) {
      res.status(503).json({ status: "stopping" });
      return;
    }
    const results = await Promise.all(
      checks.map(async ({ name, check, optional }) => {
        try {
          await check();
          return [name, "ok", optional] as const;
        } catch (error) {
          logger.warn({ err: error, check: name }, "readiness check failed");
          return [name, "failing", optional] as const;
        }
      }),
    );
    const ready = results.every(([, state, optional]) => state === "ok" || optional);
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks: Object.fromEntries(results.map(([name, state]) => [name, state])) });
  });
}

import type pg from "pg";

export type QueryOutcome = "ok" | "error";
/** Sees every statement a pool runs: how long it took and whether it failed. */
export type QueryObserver = (seconds: number, outcome: QueryOutcome) => void;

type Query = (...args: unknown[]) => unknown;

/**
 * Times every statement of the pool's connections. Prisma's adapter queries through the pool
 * and through connections it checks out for transactions; both end in a connection's
 * `query`, which pg calls with a trailing callback (the pool) or for a promise (the adapter).
 */
export function timeQueries(pool: pg.Pool, observe: QueryObserver): void {
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as Query;
    client.query = ((...args: unknown[]) => {
      const start = performance.now();
      const done = (failed: boolean) => observe((performance.now() - start) / 1000, failed ? "error" : "ok");
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === "function") {
        args[last] = (error: unknown, result: unknown) => {
          done(Boolean(error));
          return (callback as (error: unknown, result: unknown) => unknown)(error, result);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            done(false);
            return value;
          },
          (error: unknown) => {
            done(true);
            throw error;
          },
        );
      }
      return result;
    }) as typeof client.query;
  });
}

import { Histogram, type Registry } from "prom-client";

/** `db_query_duration_seconds{outcome}`: give the returned observer to createPgAdapter. */
export function createDbQueryMetrics(registry: Registry) {
  const duration = new Histogram({
    name: "db_query_duration_seconds",
    help: "Time of each SQL statement the service sends to its database.",
    labelNames: ["outcome"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  return (seconds: number, outcome: "ok" | "error") => duration.observe({ outcome }, seconds);
}

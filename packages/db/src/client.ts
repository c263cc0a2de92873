import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { timeQueries, type QueryObserver } from "./query-timing.ts";

// No call may wait forever: not for a connection, not for a statement (lock waits included).
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 15_000;

export interface PgAdapterOptions {
  /** Sees every statement's duration and outcome (db_query_duration_seconds). */
  observeQuery?: QueryObserver;
}

/** The driver adapter a subgraph hands its generated PrismaClient as `adapter`. */
export function createPgAdapter(connectionString: string, { observeQuery }: PgAdapterOptions = {}): PrismaPg {
  const config = { connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS };
  if (!observeQuery) return new PrismaPg(config);
  // Our own pool, so its connections can be timed; the adapter ends it when Prisma disconnects.
  const pool = new pg.Pool(config);
  timeQueries(pool, observeQuery);
  return new PrismaPg(pool, { disposeExternalPool: true });
}

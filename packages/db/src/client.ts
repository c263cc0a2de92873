import { PrismaPg } from "@prisma/adapter-pg";

// No call may wait forever: not for a connection, not for a statement (lock waits included).
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 15_000;

/** The driver adapter a subgraph hands its generated PrismaClient as `adapter`. */
export function createPgAdapter(connectionString: string): PrismaPg {
  return new PrismaPg({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS });
}

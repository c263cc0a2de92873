/**
 * One line for a terminal: the engine's message without the Rust span trace it appends
 * ("   0: schema_engine_wasm::…"), and the causes Node hides in an AggregateError's empty message
 * (e.g. when "localhost" resolves to both ::1 and 127.0.0.1 and neither answers).
 */
export function errorSummary(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(errorSummary))].join("; ");
  }
  const message = error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? error.name) : String(error);
  const [text = ""] = message.split(/\n\s+\d+: /);
  const summary = text.replace(/\s+/g, " ").trim();
  // A failed migration is named only in the trace: `with migration_name="20250101000000_init"`.
  const migration = /migration_name="([^"]+)"/.exec(message)?.[1];
  return migration ? `${summary} (migration ${migration})` : summary;
}

// Prisma's codes for a database it cannot reach or use in time (not for a bad query).
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
// The driver's: refused or cut connections, and PostgreSQL's own "shutting down" / "starting up" / connection classes.
const UNAVAILABLE_DRIVER_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
// Prisma wraps the driver's errors in a message ("Database error. Code: `57P03`. ..."), so the texts count too.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|the database system is (shutting down|starting up)|Code: `(57P0[123]|08\d{3})`|Unable to start a transaction in the given time|Can't reach database server|Timed out fetching a new connection/i;

/**
 * True when an error says the database is down, restarting or too busy to serve in time, at any
 * depth of its causes: a client may try again shortly (SERVICE_UNAVAILABLE), unlike a bug.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_DRIVER_CODES.has(code))) return true;
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

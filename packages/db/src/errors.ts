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

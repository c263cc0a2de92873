// Helpers for postgresql:// connection strings. WHATWG URL parses them (host, credentials,
// path, query) without a PostgreSQL-specific parser.

/** The database a connection string names (its path), e.g. `shop_users`. */
export function databaseNameOf(connectionString: string): string {
  const name = decodeURIComponent(new URL(connectionString).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`The connection string ${redactUrl(connectionString)} names no database`);
  return name;
}

/** The same server, credentials and options, but another database. */
export function withDatabaseName(connectionString: string, name: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** The connection string with its password masked, fit for messages and logs. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "<unparseable connection string>";
  }
}

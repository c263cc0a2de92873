import pg from "pg";
import { databaseNameOf, withDatabaseName } from "./connection-url.ts";

const DUPLICATE_DATABASE = "42P04";
// Sessions racing to create the same database fail with this instead (a unique violation on
// pg_database's name index), not with 42P04.
const UNIQUE_VIOLATION = "23505";

/** Creates the database named in the connection string unless it exists. Safe to call concurrently. */
export async function ensureDatabase(connectionString: string): Promise<void> {
  const name = databaseNameOf(connectionString);
  await withMaintenanceClient(connectionString, async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
    }
  });
}

/** Drops the database named in the connection string if it exists (shadow and test databases). */
export async function dropDatabase(connectionString: string): Promise<void> {
  const name = databaseNameOf(connectionString);
  await withMaintenanceClient(connectionString, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`),
  );
}

// A database cannot be created or dropped from a session connected to it, so these statements
// run on the server's `postgres` maintenance database.
async function withMaintenanceClient(connectionString: string, use: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: withDatabaseName(connectionString, "postgres") });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

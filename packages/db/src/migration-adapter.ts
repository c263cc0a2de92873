import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { withDatabaseName } from "./connection-url.ts";
import { dropDatabase, ensureDatabase } from "./ensure-database.ts";

const CHAR_OID = 18; // PostgreSQL's one-byte internal "char" type
const TEXT_OID = 25;

function charColumnsAsText<R>(result: R): R {
  // A multi-statement query yields an array of results; a failed one, none.
  for (const each of [result].flat() as (pg.QueryResult | undefined)[]) {
    for (const field of each?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * The engine's schema describer reads catalog columns such as pg_constraint.contype, whose type
 * is "char"; adapter-pg 7.10 rejects that type ("Column type 'char' could not be deserialized"),
 * which breaks every diff against a database with a constraint. Reporting those columns as text
 * is what the engine can read.
 */
class CatalogClient extends pg.Client {
  // pg's query() has many overloads; this one signature forwards them all.
  override query(...args: any[]): any {
    const query = super.query as (...queryArgs: unknown[]) => unknown;
    const callback: unknown = args.at(-1);
    if (typeof callback === "function") {
      // pg.Pool#query hands its client a callback rather than awaiting a promise.
      args[args.length - 1] = (error: Error | null, result: unknown) => callback(error, charColumnsAsText(result));
      return query.apply(this, args);
    }
    return (query.apply(this, args) as Promise<unknown>).then(charColumnsAsText);
  }
}

/** An adapter-pg connection that runs each migration script as a single statement batch. */
async function connectAdapter(connectionString: string): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg({ connectionString, Client: CatalogClient }).connect();
  // adapter-pg splits scripts on ";" (breaking on semicolons in strings or function bodies) and
  // runs the pieces one by one. A query without parameters goes over the simple protocol instead,
  // where PostgreSQL runs the whole migration as one implicit transaction, as the native engine does.
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/**
 * The driver-adapter factory the wasm schema engine reaches PostgreSQL through: adapter-pg 7.10
 * with what migrations need fixed, plus bookkeeping so that `close()` ends every pool it opened
 * (the engine never disposes its main connection, and a live pool keeps the process running).
 */
export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  readonly #open = new Set<SqlDriverAdapter>();

  constructor(private readonly connectionString: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    return this.#track(await connectAdapter(this.connectionString));
  }

  /**
   * adapter-pg's own version passes `{ connectionString, database }` to pg, where the URL wins, so
   * its "shadow" database is the real one and diffs replay every migration on it. This one creates
   * a throwaway database on the same server and drops it when the engine disposes the adapter.
   */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadowUrl = withDatabaseName(this.connectionString, `prisma_migrate_shadow_db_${randomUUID()}`);
    await ensureDatabase(shadowUrl);
    return this.#track(await connectAdapter(shadowUrl), () => dropDatabase(shadowUrl));
  }

  /** Disposes every adapter the engine has not disposed itself. */
  async close(): Promise<void> {
    await Promise.all([...this.#open].map((adapter) => adapter.dispose()));
  }

  #track(adapter: SqlDriverAdapter, afterDispose?: () => Promise<void>): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      this.#open.delete(adapter);
      return (disposed ??= dispose().then(afterDispose));
    };
    this.#open.add(adapter);
    return adapter;
  }
}

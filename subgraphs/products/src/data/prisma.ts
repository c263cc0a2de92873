import { createPgAdapter, type PgAdapterOptions } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type ProductsDb = InstanceType<typeof PrismaClient>;

/** `onQuery` sees every SQL statement the client sends (for counting them). */
export function createProductsDb(databaseUrl: string, { onQuery, ...options }: PgAdapterOptions & { onQuery?: (sql: string) => void } = {}): ProductsDb {
  if (!onQuery) return new PrismaClient({ adapter: createPgAdapter(databaseUrl, options) });
  const db = new PrismaClient({ adapter: createPgAdapter(databaseUrl, options), log: [{ emit: "event", level: "query" }] });
  db.$on("query", (event) => onQuery(event.query));
  return db;
}

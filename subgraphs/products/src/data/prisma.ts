import { createPgAdapter } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type ProductsDb = InstanceType<typeof PrismaClient>;

/** `onQuery` sees every SQL statement the client sends (for counting or timing them). */
export function createProductsDb(databaseUrl: string, onQuery?: (sql: string) => void): ProductsDb {
  if (!onQuery) return new PrismaClient({ adapter: createPgAdapter(databaseUrl) });
  const db = new PrismaClient({ adapter: createPgAdapter(databaseUrl), log: [{ emit: "event", level: "query" }] });
  db.$on("query", (event) => onQuery(event.query));
  return db;
}

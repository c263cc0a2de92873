import { createPgAdapter, type PgAdapterOptions } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type UsersDb = InstanceType<typeof PrismaClient>;

export function createUsersDb(databaseUrl: string, options?: PgAdapterOptions): UsersDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl, options) });
}

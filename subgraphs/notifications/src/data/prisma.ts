import { createPgAdapter, type PgAdapterOptions } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type NotificationsDb = InstanceType<typeof PrismaClient>;

export function createNotificationsDb(databaseUrl: string, options?: PgAdapterOptions): NotificationsDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl, options) });
}

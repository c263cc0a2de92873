import { createPgAdapter } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type NotificationsDb = InstanceType<typeof PrismaClient>;

export function createNotificationsDb(databaseUrl: string): NotificationsDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl) });
}

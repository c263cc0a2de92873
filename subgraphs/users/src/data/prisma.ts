import { createPgAdapter } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type UsersDb = InstanceType<typeof PrismaClient>;

export function createUsersDb(databaseUrl: string): UsersDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl) });
}

import { createPgAdapter } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type OrdersDb = InstanceType<typeof PrismaClient>;

export function createOrdersDb(databaseUrl: string): OrdersDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl) });
}

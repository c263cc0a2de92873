import { createPgAdapter, type PgAdapterOptions } from "@shop/db";
import { PrismaClient } from "./generated/client.ts";

export type OrdersDb = InstanceType<typeof PrismaClient>;

export function createOrdersDb(databaseUrl: string, options?: PgAdapterOptions): OrdersDb {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl, options) });
}

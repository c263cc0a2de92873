// Prisma 7 takes the datasource URL from here, not from schema.prisma.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.PRODUCTS_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/shop_products" },
});

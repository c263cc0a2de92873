import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DOMAINS, domainDatabase, isDomain } from "./domains.ts";

describe("domain databases", () => {
  it("knows the four domains", () => {
    expect(DOMAINS).toEqual(["users", "products", "orders", "notifications"]);
    expect(isDomain("orders")).toBe(true);
    expect(isDomain("nope")).toBe(false);
  });

  it("finds the schema and migrations under prisma/<domain> at the repository root", () => {
    const dir = fileURLToPath(new URL("../../../prisma/notifications/", import.meta.url));
    expect(domainDatabase("notifications", {})).toEqual({
      domain: "notifications",
      schemaPath: join(dir, "schema.prisma"),
      migrationsDir: join(dir, "migrations"),
      connectionString: "postgresql://postgres@127.0.0.1:5432/shop_notifications",
    });
  });
});

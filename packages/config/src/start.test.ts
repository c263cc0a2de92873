import { describe, expect, it } from "vitest";
import { loadStartConfig, usesExternalDatabase, usesRedis } from "./index.ts";

describe("start command configuration", () => {
  it("runs the embedded PostgreSQL unless a server is named, by POSTGRES_URL or any service's own URL", () => {
    expect(usesExternalDatabase({})).toBe(false);
    expect(usesExternalDatabase({ POSTGRES_URL: "", ORDERS_DATABASE_URL: "" })).toBe(false);
    expect(usesExternalDatabase({ POSTGRES_URL: "postgresql://db:5432" })).toBe(true);
    expect(usesExternalDatabase({ NOTIFICATIONS_DATABASE_URL: "postgresql://db:5432/n" })).toBe(true);
  });

  it("uses Redis only when REDIS_URL is set", () => {
    expect(usesRedis({})).toBe(false);
    expect(usesRedis({ REDIS_URL: "" })).toBe(false);
    expect(usesRedis({ REDIS_URL: "redis://127.0.0.1:6379" })).toBe(true);
  });

  it("keeps the embedded database in the project folder on a port of its own", () => {
    expect(loadStartConfig({})).toEqual({ embeddedPostgresDir: ".data/postgres", embeddedPostgresPort: 54329 });
    expect(loadStartConfig({ EMBEDDED_POSTGRES_DIR: "/var/tmp/pg", EMBEDDED_POSTGRES_PORT: "6000" })).toEqual({ embeddedPostgresDir: "/var/tmp/pg", embeddedPostgresPort: 6000 });
    expect(() => loadStartConfig({ EMBEDDED_POSTGRES_PORT: "0" })).toThrow(/EMBEDDED_POSTGRES_PORT is invalid/);
  });
});

// Runs against the real PostgreSQL (POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432)
// in a throwaway database, with temporary copies of the users domain's schema and migrations.
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabaseName } from "./connection-url.ts";
import { domainDatabase } from "./domains.ts";
import { dropDatabase, ensureDatabase } from "./ensure-database.ts";
import { applyMigrations, createMigration } from "./migrate.ts";

const users = domainDatabase("users");
const connectionString = withDatabaseName(
  process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432",
  `shop_db_test_${randomBytes(4).toString("hex")}`,
);
const base = { schemaPath: users.schemaPath, migrationsDir: users.migrationsDir, connectionString };

async function query<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A temp dir holding a copy of the users migrations and, optionally, an edited schema. */
async function scratchCopy(editSchema: (schema: string) => string = (schema) => schema) {
  const dir = await mkdtemp(join(tmpdir(), "shop-db-test-"));
  await cp(users.migrationsDir, join(dir, "migrations"), { recursive: true });
  await writeFile(join(dir, "schema.prisma"), editSchema(await readFile(users.schemaPath, "utf8")));
  return { dir, schemaPath: join(dir, "schema.prisma"), migrationsDir: join(dir, "migrations") };
}

describe("migrations with the wasm schema engine", { timeout: 60_000 }, () => {
  const tempDirs: string[] = [];

  beforeAll(() => ensureDatabase(connectionString));
  afterAll(async () => {
    await dropDatabase(connectionString);
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("applies the committed migrations to an empty database, recorded as Prisma records them", async () => {
    const committed = (await readdir(users.migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
    expect(committed.length).toBeGreaterThan(0);

    const applied = await applyMigrations(base);

    expect(applied).toEqual(committed.map((e) => e.name).sort());
    const rows = await query<{ migration_name: string; checksum: string; finished: boolean; logs: string | null; applied_steps_count: number }>(
      "SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, logs, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    for (const [i, row] of rows.entries()) {
      const script = await readFile(join(users.migrationsDir, applied[i]!, "migration.sql"));
      expect(row).toEqual({
        migration_name: applied[i],
        checksum: createHash("sha256").update(script).digest("hex"),
        finished: true,
        logs: null,
        applied_steps_count: 1,
      });
    }
    expect(await query("SELECT 1 FROM information_schema.tables WHERE table_name = 'users'")).toHaveLength(1);
  });

  it("re-applying is a no-op", async () => {
    expect(await applyMigrations(base)).toEqual([]);
  });

  it("createMigration returns null and writes nothing when the schema matches the migrations", async () => {
    const scratch = await scratchCopy();
    tempDirs.push(scratch.dir);
    const before = await readdir(scratch.migrationsDir);

    expect(await createMigration({ ...base, ...scratch, name: "nothing" })).toBeNull();

    expect(await readdir(scratch.migrationsDir)).toEqual(before);
  });

  it("createMigration writes the migration for a schema change, and it applies", async () => {
    const scratch = await scratchCopy((schema) =>
      schema.replace("  phone        String?\n", '  phone        String?\n  nickname     String?  @map("nick_name")\n'),
    );
    tempDirs.push(scratch.dir);

    const created = await createMigration({ ...base, ...scratch, name: "Add nickname" });

    expect(created).toMatch(/[/\\]\d{14}_add_nickname$/);
    const script = await readFile(join(created!, "migration.sql"), "utf8");
    expect(script).toContain('ALTER TABLE "users" ADD COLUMN');
    expect(script).toContain('"nick_name" TEXT');
    expect(await applyMigrations({ ...base, ...scratch })).toEqual([created!.split(/[/\\]/).at(-1)]);
    expect(await query("SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nick_name'")).toHaveLength(1);
    expect(await createMigration({ ...base, ...scratch, name: "again" })).toBeNull();
  });

  it("createMigration starts a migrations folder: the init migration plus migration_lock.toml", async () => {
    const scratch = await scratchCopy();
    tempDirs.push(scratch.dir);
    await rm(scratch.migrationsDir, { recursive: true });

    const created = await createMigration({ ...base, ...scratch, name: "init" });

    const [committed] = (await readdir(users.migrationsDir)).filter((name) => name.endsWith("_init"));
    expect(await readFile(join(created!, "migration.sql"), "utf8")).toBe(
      await readFile(join(users.migrationsDir, committed!, "migration.sql"), "utf8"),
    );
    expect(await readFile(join(scratch.migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
  });

  it("ensureDatabase is fine when the database exists, including concurrently", async () => {
    await ensureDatabase(connectionString);
    const fresh = withDatabaseName(connectionString, `${new URL(connectionString).pathname.slice(1)}_b`);
    try {
      await Promise.all([ensureDatabase(fresh), ensureDatabase(fresh), ensureDatabase(fresh)]);
      await ensureDatabase(fresh);
    } finally {
      await dropDatabase(fresh);
    }
  });
});

import { migrationDirectoryName, readMigrationsFolder, writeMigration } from "./migrations-folder.ts";
import { withSchemaEngine, type SchemaEngineOptions } from "./schema-engine.ts";

export interface MigrationsOptions extends SchemaEngineOptions {
  /** The folder of committed migrations, e.g. prisma/users/migrations. */
  migrationsDir: string;
}

// No tables or enums are managed outside Prisma (prisma.config.ts has no `tables.external`).
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Applies the committed migrations the database has not had yet, recording each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does. Returns the names applied.
 */
export async function applyMigrations({ migrationsDir, ...options }: MigrationsOptions): Promise<string[]> {
  const migrationsList = await readMigrationsFolder(migrationsDir);
  return withSchemaEngine(options, async ({ engine }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/**
 * Writes the migration that takes a database from the committed migrations to the current
 * schema.prisma, and returns its directory, or null (writing nothing) when there is no difference.
 * Like `prisma migrate diff --from-migrations --to-schema`, the engine replays the migrations on a
 * temporary shadow database, created and dropped on the server of `connectionString`.
 */
export async function createMigration({
  migrationsDir,
  name,
  ...options
}: MigrationsOptions & { name: string }): Promise<string | null> {
  const directoryName = migrationDirectoryName(name); // rejects an unusable name before the slow diff
  const migrations = await readMigrationsFolder(migrationsDir);
  const script = await withSchemaEngine(options, async ({ engine, schemaFiles }) => {
    const diff = await engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files: schemaFiles },
      script: true,
      exitCode: true, // makes the engine report whether there is a difference: 2 if so, 0 if not
      filters: NO_FILTERS,
    });
    return diff.exitCode === 2 ? diff.stdout : null;
  });
  return script ? writeMigration(migrationsDir, directoryName, script) : null;
}

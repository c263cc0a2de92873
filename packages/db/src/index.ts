export { createPgAdapter, type PgAdapterOptions } from "./client.ts";
export type { QueryObserver, QueryOutcome } from "./query-timing.ts";
export { databaseNameOf, redactUrl, withDatabaseName } from "./connection-url.ts";
export { DOMAINS, domainDatabase, isDomain, type Domain, type DomainDatabase } from "./domains.ts";
export { dropDatabase, ensureDatabase } from "./ensure-database.ts";
export { errorSummary, isDatabaseUnavailable } from "./errors.ts";
export { isUniqueViolation, loadByIds } from "./ids.ts";
export { applyMigrations, createMigration, type MigrationsOptions } from "./migrate.ts";
export { withSchemaEngine, type SchemaEngine, type SchemaEngineOptions, type SchemaEngineSession } from "./schema-engine.ts";

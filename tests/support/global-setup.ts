// Before any test: each service's test database exists and has every committed migration,
// applied the way `npm run db:migrate` applies them.
import { applyMigrations, DOMAINS, domainDatabase, ensureDatabase } from "@shop/db";
import { TEST_ENV } from "./test-env.ts";

export default async function setup(): Promise<void> {
  const env = { ...process.env, ...TEST_ENV };
  for (const domain of DOMAINS) {
    const database = domainDatabase(domain, env);
    await ensureDatabase(database.connectionString);
    await applyMigrations(database);
  }
}

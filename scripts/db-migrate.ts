// npm run db:migrate [-- <domain>...]: creates each domain's database if missing and applies its
// committed migrations (all domains when none are named), one line per domain.
import { applyMigrations, DOMAINS, domainDatabase, ensureDatabase, errorSummary, isDomain, redactUrl } from "@shop/db";

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isDomain(name));
if (unknown.length > 0) {
  console.error(`db:migrate: unknown domain ${unknown.join(", ")} (expected ${DOMAINS.join(", ")})`);
  process.exit(1);
}

for (const domain of requested.length > 0 ? requested.filter(isDomain) : DOMAINS) {
  const database = domainDatabase(domain);
  const where = redactUrl(database.connectionString);
  try {
    await ensureDatabase(database.connectionString);
    const applied = await applyMigrations(database);
    console.log(`${domain}: ${applied.length > 0 ? `applied ${applied.join(", ")}` : "up to date"} (${where})`);
  } catch (error) {
    console.error(`db:migrate: ${domain} (${where}): ${errorSummary(error)}`);
    process.exitCode = 1;
    break;
  }
}

// npm run db:migration:new -- <domain> <name...>: writes prisma/<domain>/migrations/<timestamp>_<name>/
// from the difference between that domain's committed migrations and its schema.prisma.
import { relative } from "node:path";
import { createMigration, DOMAINS, domainDatabase, ensureDatabase, errorSummary, isDomain, redactUrl } from "@shop/db";

const [domain = "", ...words] = process.argv.slice(2);
if (!isDomain(domain) || words.length === 0) {
  console.error(`usage: npm run db:migration:new -- <${DOMAINS.join("|")}> <name>`);
  process.exit(1);
}

const database = domainDatabase(domain);
try {
  // The engine needs a connection to the domain's database; the shadow database it diffs on is temporary.
  await ensureDatabase(database.connectionString);
  const created = await createMigration({ ...database, name: words.join(" ") });
  console.log(created ? relative(process.cwd(), created) : "no changes");
} catch (error) {
  console.error(`db:migration:new: ${domain} (${redactUrl(database.connectionString)}): ${errorSummary(error)}`);
  process.exitCode = 1;
}

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrlFor, SUBGRAPHS, type SubgraphName } from "@shop/config";

/** Each domain owns one PostgreSQL database, described by prisma/<domain>/schema.prisma. */
export const DOMAINS = Object.keys(SUBGRAPHS) as SubgraphName[];
export type Domain = SubgraphName;

export interface DomainDatabase {
  domain: Domain;
  schemaPath: string;
  migrationsDir: string;
  connectionString: string;
}

// This file is packages/db/src/domains.ts; the prisma/ folder is at the repository root.
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

type Env = Record<string, string | undefined>;

export function isDomain(value: string): value is Domain {
  return (DOMAINS as readonly string[]).includes(value);
}

export function domainDatabase(domain: Domain, env: Env = process.env): DomainDatabase {
  const dir = join(REPO_ROOT, "prisma", domain);
  return {
    domain,
    schemaPath: join(dir, "schema.prisma"),
    migrationsDir: join(dir, "migrations"),
    connectionString: databaseUrlFor(domain, env),
  };
}

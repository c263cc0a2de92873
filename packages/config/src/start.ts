import { z } from "zod";
import { loadConfig } from "./load.ts";
import { SUBGRAPHS } from "./subgraph.ts";

type Env = Record<string, string | undefined>;

/** Variables only the start command (`npm start`) reads. */
export const startEnv = {
  /** Where the embedded PostgreSQL keeps its data, relative to the project folder unless absolute. */
  EMBEDDED_POSTGRES_DIR: z.string().default(".data/postgres"),
  /** Its own port, so that it never meets a PostgreSQL already running on 5432. */
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
};

export function loadStartConfig(source: Env = process.env) {
  const raw = loadConfig(z.object(startEnv), source);
  return { embeddedPostgresDir: raw.EMBEDDED_POSTGRES_DIR, embeddedPostgresPort: raw.EMBEDDED_POSTGRES_PORT };
}

/**
 * True when the environment names a PostgreSQL server (`POSTGRES_URL` or any
 * `<NAME>_DATABASE_URL`); otherwise `npm start` runs an embedded one.
 */
export function usesExternalDatabase(source: Env = process.env): boolean {
  const variables = ["POSTGRES_URL", ...Object.keys(SUBGRAPHS).map((name) => `${name.toUpperCase()}_DATABASE_URL`)];
  return variables.some((name) => Boolean(source[name]));
}

/** True when the environment names a Redis server; otherwise `npm start` runs every service in one process on an in-process bus. */
export function usesRedis(source: Env = process.env): boolean {
  return Boolean(source.REDIS_URL);
}

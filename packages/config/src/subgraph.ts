import { z } from "zod";
import { env } from "./fields.ts";
import { keyEnv, requireKeys, requireSigningSecrets, type TokenKeys } from "./keys.ts";
import { ConfigError, loadConfig } from "./load.ts";
import { commonServiceEnv, METRICS_PORTS } from "./service.ts";

export const SUBGRAPHS = {
  users: 4001,
  products: 4002,
  orders: 4003,
  notifications: 4004,
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;

/** What every subgraph needs to start; a subgraph's own config extends it. */
export interface SubgraphConfig {
  name: SubgraphName;
  nodeEnv: "development" | "test" | "production";
  logLevel: string;
  host: string;
  port: number;
  /** Where /metrics is served (0: any free port). */
  metricsPort: number;
  shutdownGraceMs: number;
  shutdownDrainDelayMs: number;
  persistedQueryManifestPath: string;
  databaseUrl: string;
  tokenKeys: TokenKeys;
  /** Requests to this subgraph must be signed with one of these; the first signs its own calls to other services. */
  requestSigningSecrets: string[];
}

/** The one subgraph that signs user tokens (it holds USERS_JWT_PRIVATE_KEY); the others only verify them. */
const SIGNS_USER_TOKENS: SubgraphName = "users";

type Env = Record<string, string | undefined>;

/**
 * `<NAME>_DATABASE_URL`, or else `POSTGRES_URL` + `/<DATABASE_PREFIX>_<name>`: one
 * server by default, one database per service always (shop_users, shop_orders, ...).
 */
export function databaseUrlFor(name: SubgraphName, source: Env = process.env): string {
  const own = source[`${name.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  // Parsed as a URL so that credentials and options such as ?sslmode=require stay in place.
  const url = new URL(source.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432");
  url.pathname = `/${source.DATABASE_PREFIX || "shop"}_${name}`;
  return url.toString();
}

/** `http://localhost:<port>/graphql` unless `<NAME>_URL` says where the subgraph lives. */
export function subgraphUrlFor(name: SubgraphName, source: Env = process.env): string {
  const variable = `${name.toUpperCase()}_URL`;
  const url = source[variable] || `http://localhost:${source[`${name.toUpperCase()}_PORT`] || SUBGRAPHS[name]}/graphql`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ConfigError(`Invalid configuration:\n  - ${variable} is invalid: must be an http(s) URL`);
  }
  return url;
}

/** The variables every subgraph reads, besides its own and the other subgraphs' `<NAME>_URL`. */
export function subgraphEnv(name: SubgraphName) {
  const upper = name.toUpperCase();
  return {
    ...commonServiceEnv,
    /** Signs and verifies the tokens one subgraph calls another with. */
    SERVICE_TOKEN_SECRET: keyEnv.SERVICE_TOKEN_SECRET,
    ...(name === SIGNS_USER_TOKENS ? { USERS_JWT_PRIVATE_KEY: keyEnv.USERS_JWT_PRIVATE_KEY } : {}),
    [`${upper}_PORT`]: env.port(SUBGRAPHS[name]),
    [`${upper}_METRICS_PORT`]: env.port(METRICS_PORTS[name]),
    POSTGRES_URL: z.url().optional(),
    DATABASE_PREFIX: z.string().regex(/^[A-Za-z_]\w*$/, "must be letters, digits and underscores").default("shop"),
    [`${upper}_DATABASE_URL`]: z.url().optional(),
  };
}

export function loadSubgraphConfig<S extends z.ZodRawShape>(
  name: SubgraphName,
  extra: S,
  source: Env = process.env,
): SubgraphConfig & { env: z.infer<z.ZodObject<S>> } {
  const portVar = `${name.toUpperCase()}_PORT`;
  const schema = z.object(subgraphEnv(name)).extend(extra);
  // One schema, so a single error lists every problem; the port's key is dynamic, hence the cast.
  const raw = loadConfig(schema, source) as unknown as z.infer<z.ZodObject<typeof commonServiceEnv>> & z.infer<z.ZodObject<typeof keyEnv>> & Record<string, unknown>;
  return {
    name,
    nodeEnv: raw.NODE_ENV,
    logLevel: raw.LOG_LEVEL,
    host: raw.HOST,
    port: raw[portVar] as number,
    metricsPort: raw[`${name.toUpperCase()}_METRICS_PORT`] as number,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    shutdownDrainDelayMs: raw.SHUTDOWN_DRAIN_DELAY_MS,
    persistedQueryManifestPath: raw.PERSISTED_QUERY_MANIFEST_PATH,
    databaseUrl: databaseUrlFor(name, source),
    tokenKeys: requireKeys(raw, name === SIGNS_USER_TOKENS ? ["JWT_PUBLIC_KEYS", "SERVICE_TOKEN_SECRET", "USERS_JWT_PRIVATE_KEY"] : ["JWT_PUBLIC_KEYS", "SERVICE_TOKEN_SECRET"]),
    requestSigningSecrets: requireSigningSecrets(raw),
    env: raw as unknown as z.infer<z.ZodObject<S>>,
  };
}

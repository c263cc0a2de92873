import { z } from "zod";
import { PARSER_MAX_TOKENS } from "@shop/server";
import { commonServiceEnv, ConfigError, env, eventsEnv, loadConfig, requireKeys, requireSigningSecrets, METRICS_PORTS, SUBGRAPHS, subgraphUrlFor, type SubgraphName } from "@shop/config";

const DEFAULT_CORS_ORIGINS = ["http://localhost:3000", "http://localhost:5173", "https://studio.apollographql.com"];

/** Every variable the gateway reads (docs/configuration.md lists them all). */
export const gatewayEnv = {
  ...commonServiceEnv,
  ...eventsEnv,
  GATEWAY_PORT: env.port(4000),
  GATEWAY_METRICS_PORT: env.port(METRICS_PORTS.gateway),
  CORS_ORIGINS: env.origins(DEFAULT_CORS_ORIGINS),
  SUPERGRAPH_PATH: z.string().default(new URL("../../schema/supergraph.graphql", import.meta.url).pathname),
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
  /** A whole request's deadline: every subgraph fetch it makes must be done by then. */
  GATEWAY_REQUEST_TIMEOUT_MS: env.positiveInt(15_000),
  /** The largest response the gateway sends; far above any registered operation's. */
  GATEWAY_MAX_RESPONSE_BYTES: env.positiveInt(2_000_000),
  /** A built storefront (examples/storefront/dist) to serve at /, on the API's own origin; unset serves none. */
  STOREFRONT_DIR: z.string().min(1).optional(),
  // Only "true" or "false": a typo must stop the gateway rather than quietly mean false.
  OPERATION_SAFELIST: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: env.positiveInt(20),
  MAX_CONNECTIONS_PER_USER: env.positiveInt(10),
  SUBSCRIPTION_KEEPALIVE_MS: env.positiveInt(12_000),
  MAX_CONCURRENT_FOLLOW_UPS: env.positiveInt(32),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For names the client: "false" (none), a hop
   * count, or addresses and subnets ("loopback,10.0.0.0/8"), as express's "trust proxy" reads them.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(false|\d+|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)$/, 'must be "false", a hop count, or comma-separated addresses and subnets')
    .default("false")
    .transform((value) => (value === "false" ? false : /^\d+$/.test(value) ? Number(value) : value.split(",").map((part) => part.trim()))),
  // Operation limits: every registered operation (schema/operations) stays well inside them.
  GATEWAY_MAX_DEPTH: env.positiveInt(15),
  GATEWAY_MAX_ALIASES: env.positiveInt(30),
  GATEWAY_MAX_ROOT_FIELDS: env.positiveInt(10),
  // Every service's parser stops at PARSER_MAX_TOKENS whatever this says.
  GATEWAY_MAX_TOKENS: env.positiveInt(1_000).pipe(z.number().max(PARSER_MAX_TOKENS)),
  GATEWAY_MAX_DIRECTIVES: env.positiveInt(20),
  GATEWAY_MAX_COST: env.positiveInt(15_000),
  GATEWAY_DEFAULT_LIST_SIZE: env.positiveInt(10),
  GATEWAY_OPERATION_LIMITS_MODE: z.enum(["enforce", "log"]).default("enforce"),
  // The response cache: 0 entries turns it off; the TTL bounds staleness should an event be missed.
  GATEWAY_RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(10_000),
  GATEWAY_RESPONSE_CACHE_TTL_MS: env.positiveInt(60_000),
};

export function loadGatewayConfig(source: Record<string, string | undefined> = process.env) {
  const raw = loadConfig(z.object(gatewayEnv), source);
  // The defaults are local front ends': a deployment names its own.
  if (raw.NODE_ENV === "production" && !source.CORS_ORIGINS) {
    throw new ConfigError("Invalid configuration:\n  - CORS_ORIGINS is missing: name the browser origins of your front ends (required when NODE_ENV=production)");
  }
  const subgraphNames = Object.keys(SUBGRAPHS) as SubgraphName[];
  return {
    nodeEnv: raw.NODE_ENV,
    logLevel: raw.LOG_LEVEL,
    host: raw.HOST,
    port: raw.GATEWAY_PORT,
    /** Where /metrics is served (0: any free port). */
    metricsPort: raw.GATEWAY_METRICS_PORT,
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    shutdownDrainDelayMs: raw.SHUTDOWN_DRAIN_DELAY_MS,
    corsOrigins: raw.CORS_ORIGINS,
    trustProxy: raw.TRUST_PROXY,
    supergraphPath: raw.SUPERGRAPH_PATH,
    storefrontDir: raw.STOREFRONT_DIR,
    subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
    requestTimeoutMs: raw.GATEWAY_REQUEST_TIMEOUT_MS,
    maxResponseBytes: raw.GATEWAY_MAX_RESPONSE_BYTES,
    /** Accept only the operations registered in the manifest (schema/operations), as a safelist. */
    operationSafelist: raw.OPERATION_SAFELIST,
    persistedQueryManifestPath: raw.PERSISTED_QUERY_MANIFEST_PATH,
    /** Subscriptions: the gateway verifies user tokens itself (it signs none) and reads live events from Redis. */
    tokenKeys: requireKeys(raw, ["JWT_PUBLIC_KEYS"]),
    /** Every request to a subgraph is signed with the first. */
    requestSigningSecret: requireSigningSecrets(raw)[0]!,
    redisUrl: raw.REDIS_URL,
    eventsNamespace: raw.EVENTS_NAMESPACE,
    maxSubscriptionsPerConnection: raw.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    /** WebSocket connections and multipart streams, together. */
    maxConnectionsPerUser: raw.MAX_CONNECTIONS_PER_USER,
    /** WebSocket pings and multipart heartbeats. */
    subscriptionKeepAliveMs: raw.SUBSCRIPTION_KEEPALIVE_MS,
    /** Follow-up queries (subscription payloads) running through the subgraphs at once; more wait their turn. */
    maxConcurrentFollowUps: raw.MAX_CONCURRENT_FOLLOW_UPS,
    /** What one operation may have at most; over it, refused before planning (or only logged, in "log" mode). */
    operationLimits: {
      limits: {
        depth: raw.GATEWAY_MAX_DEPTH,
        aliases: raw.GATEWAY_MAX_ALIASES,
        rootFields: raw.GATEWAY_MAX_ROOT_FIELDS,
        tokens: raw.GATEWAY_MAX_TOKENS,
        directives: raw.GATEWAY_MAX_DIRECTIVES,
        cost: raw.GATEWAY_MAX_COST,
      },
      defaultListSize: raw.GATEWAY_DEFAULT_LIST_SIZE,
      mode: raw.GATEWAY_OPERATION_LIMITS_MODE,
    },
    /** Answers of public queries kept in memory, dropped by product events (0: no cache). */
    responseCache: { maxEntries: raw.GATEWAY_RESPONSE_CACHE_MAX_ENTRIES, ttlMs: raw.GATEWAY_RESPONSE_CACHE_TTL_MS },
    /** Where each subgraph really runs; overrides the URLs written in the supergraph. */
    subgraphUrls: Object.fromEntries(subgraphNames.map((name) => [name, subgraphUrlFor(name, source)])) as Record<SubgraphName, string>,
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/index.js";
import type { DocumentNode } from "graphql";
import { createTokenService, readAuthState, type AuthState, type TokenService } from "@shop/auth";
import type { SubgraphConfig } from "@shop/config";
import { createLogger, type Logger } from "@shop/logger";
import { createRedis } from "@shop/events";
import { createRequestSigner, createRequestVerifier, memoryNonceStore, redisNonceStore, type RequestSigner } from "@shop/request-signing";
import { createDbQueryMetrics, createServiceRegistry, type Registry } from "@shop/metrics";
import { clientAddressOf } from "./client-address.ts";
import { startGraphQLService, type ReadinessCheck, type RunningService } from "./graphql-service.ts";
import { createCacheTags, useCacheTags, type CacheTags } from "./use-cache-tags.ts";

/** What every subgraph resolver receives; a subgraph extends it with its own loaders and services. */
export interface SubgraphContext {
  auth: AuthState;
  requestId: string;
  /** Who is asking (see clientAddressOf), for per-client limits. */
  clientAddress: string;
  logger: Logger;
  /** What this request's answer read, for the gateway's response cache (see `cacheableRootFields`). */
  cacheTags: CacheTags;
}

/** The logger, metrics and token service a subgraph builds its parts with before it starts serving. */
export interface SubgraphRuntime {
  config: SubgraphConfig;
  logger: Logger;
  tokens: TokenService;
  /** For the subgraph's own calls to other services. */
  signRequest: RequestSigner;
  metrics: {
    /** The subgraph's own registry: its parts register their series here. */
    registry: Registry;
    /** For createPgAdapter: db_query_duration_seconds. */
    observeQuery: ReturnType<typeof createDbQueryMetrics>;
  };
}

export function createSubgraphRuntime(config: SubgraphConfig, userTokenTtl?: string): SubgraphRuntime {
  const logger = createLogger({
    service: config.name,
    level: config.logLevel,
    pretty: config.nodeEnv === "development" && process.stdout.isTTY,
  });
  const registry = createServiceRegistry(config.name);
  return {
    config,
    logger,
    tokens: createTokenService({ ...config.tokenKeys, userTokenTtl }),
    signRequest: createRequestSigner(config.requestSigningSecrets[0]!),
    metrics: { registry, observeQuery: createDbQueryMetrics(registry) },
  };
}

export interface SubgraphOptions<TContext extends SubgraphContext> {
  runtime: SubgraphRuntime;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  /** Adds the subgraph's per-request parts (DataLoaders, services) to the shared context. */
  context: (base: SubgraphContext) => TContext;
  /** The subgraph's own Prisma client: checked by /readyz, disconnected last on stop. */
  database: { $queryRawUnsafe(query: string): Promise<unknown>; $disconnect(): Promise<void> };
  /** Background workers (relays, consumers): stopped after HTTP has drained, before any connection closes. */
  workers?: { stop(): Promise<void> }[];
  /**
   * The event bus, reported by /readyz (under its kind, e.g. "redis") without failing it:
   * requests are served while Redis is away, and the outbox and the consumers catch up when
   * it is back. Closed after the workers stop, unless it is shared with other services.
   */
  events?: { bus: { kind: string; ping(): Promise<unknown>; close(): Promise<void> }; shared: boolean };
  /**
   * Where the request signatures' nonces are remembered: a Redis every replica shares, or (unset:
   * single-process mode) this process's memory.
   */
  nonces?: { redisUrl: string; namespace: string };
  /**
   * Query root fields (and `_entities`) whose resolvers add a tag for everything they read, a
   * private one (`cacheTags.addPrivate`) for whatever depends on the caller: answers made only
   * of them tell the gateway it may cache them (`useCacheTags`). None by default: nothing is cached.
   */
  cacheableRootFields?: readonly string[];
}

/** Serves a federation 2 subgraph: every subgraph verifies the caller's token itself. */
export async function startSubgraph<TContext extends SubgraphContext>(options: SubgraphOptions<TContext>): Promise<RunningService> {
  const { config, logger, tokens } = options.runtime;
  const { workers = [], events } = options;
  const noncesRedis = options.nonces && createRedis(options.nonces.redisUrl, logger, `${config.name}-nonces`);
  const requestVerifier = createRequestVerifier({
    secrets: config.requestSigningSecrets,
    nonces: noncesRedis ? redisNonceStore(noncesRedis, options.nonces!.namespace) : memoryNonceStore(),
  });
  // In this order, so in-flight work is finished and recorded before its connections go.
  async function release() {
    await Promise.all(workers.map((worker) => worker.stop()));
    if (events && !events.shared) await events.bus.close();
    noncesRedis?.disconnect();
    await options.database.$disconnect();
  }
  const readiness: ReadinessCheck[] = [{ name: "database", check: () => options.database.$queryRawUnsafe("SELECT 1") }];
  if (events) readiness.push({ name: events.bus.kind, check: () => events.bus.ping(), optional: true });
  try {
    return await startGraphQLService<TContext>({
      name: config.name,
      nodeEnv: config.nodeEnv,
      port: config.port,
      host: config.host,
      logger,
      metrics: { registry: options.runtime.metrics.registry, port: config.metricsPort },
      persistedQueryManifestPath: config.persistedQueryManifestPath,
      shutdownGraceMs: config.shutdownGraceMs,
      shutdownDrainDelayMs: config.shutdownDrainDelayMs,
      readiness,
      requestVerifier,
      onStopped: release,
      apollo: {
        schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as never }]),
        // Inline traces feed Apollo's hosted usage reporting, which this gateway never sends to.
        plugins: [ApolloServerPluginInlineTraceDisabled(), useCacheTags({ rootFields: options.cacheableRootFields ?? [] })],
      },
      async context(req, requestId) {
        const auth = await readAuthState(req.headers.authorization, tokens);
        return options.context({ auth, requestId, clientAddress: clientAddressOf(req), logger: logger.child({ requestId }), cacheTags: createCacheTags() });
      },
    });
  } catch (error) {
    // Could not serve (e.g. the port is taken): leave nothing running that keeps the process alive.
    await release();
    throw error;
  }
}

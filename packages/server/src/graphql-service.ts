import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import { ApolloServer, type ApolloServerOptions, type BaseContext } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type Request, type RequestHandler } from "express";
import { ConfigError } from "@shop/config";
import { isDatabaseUnavailable } from "@shop/db";
import { maskUnexpectedErrors } from "@shop/errors";
import type { Logger } from "@shop/logger";
import type { RequestVerifier } from "@shop/request-signing";
import { boundedOperationName, loadRegisteredOperationNames, startMetricsServer, useGraphQLMetrics, type Registry } from "@shop/metrics";
import { mountHealthRoutes, type ReadinessCheck } from "./health.ts";
import { MAX_BODY, noSniff, PARSER_MAX_TOKENS, refuseAsGraphQLErrors, refuseDeepNesting } from "./refusals.ts";
import { usePlainTextInput } from "./use-plain-text-input.ts";
import { requestSignatureChecks } from "./request-signature.ts";
import { capResponseSize } from "./response-size-cap.ts";
import { useRequestLog } from "./use-request-log.ts";

export type { ReadinessCheck };

export interface GraphQLServiceOptions<TContext extends BaseContext> {
  name: string;
  /** production: no introspection, no Sandbox, no field suggestions in errors. */
  nodeEnv: "development" | "test" | "production";
  apollo: ApolloServerOptions<TContext>;
  /** Tokens the parser reads before refusing a document (MAX_TOKENS_LIMIT); at most, and by default, PARSER_MAX_TOKENS. */
  parserMaxTokens?: number;
  /** The largest response body sent; a larger one is refused with RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number;
  context: (req: Request, requestId: string) => Promise<TContext>;
  port: number;
  /** No default: the service's HOST (loopback unless a deployment says otherwise). */
  host: string;
  logger: Logger;
  /** The service's own registry, served on `port` (0: any free port) at /metrics. */
  metrics: { registry: Registry; port: number };
  /** The persisted query manifest: its operation names are the only ones metrics label. */
  persistedQueryManifestPath: string;
  /** After SIGTERM, everything must be done within this; HTTP drains in part of it. */
  shutdownGraceMs: number;
  /** After SIGTERM, how long /readyz says 503 while requests are still served, before draining; part of shutdownGraceMs. */
  shutdownDrainDelayMs?: number;
  readiness?: ReadinessCheck[];
  /** express's "trust proxy": which proxies' X-Forwarded-For names the client (req.ip); none by default. */
  trustProxy?: boolean | number | string[];
  /** Subgraphs: answer only requests signed by the gateway or another service. */
  requestVerifier?: RequestVerifier;
  /** Browser origins allowed to call; none means no CORS headers (service-to-service only). */
  corsOrigins?: string[];
  /** Runs after the HTTP server has drained: close database pools and the like. */
  onStopped?: () => Promise<void>;
  /** Handlers that see each /graphql request, body parsed, before Apollo Server (e.g. another transport). */
  graphqlHandlers?: RequestHandler[];
  /** Handlers for every other path, after /graphql and the health routes (e.g. a front end's files). */
  siteHandlers?: RequestHandler[];
  /** Receives the http.Server before it listens, to share it (e.g. a WebSocket server). */
  onHttpServer?: (httpServer: http.Server) => void;
  /** Runs first when stopping, before HTTP drains: end long-lived connections (WebSockets, streams). */
  onStopping?: () => Promise<void>;
}

export interface RunningService {
  name: string;
  port: number;
  url: string;
  metricsPort: number;
  shutdownGraceMs: number;
  stop(): Promise<void>;
}

// Of the grace period, what is left after draining HTTP: workers, connections and shutdown hooks.
const AFTER_DRAIN_MS = 2_000;
// How long an idle keep-alive connection is kept open. Longer than any proxy in front keeps an
// idle connection to reuse (HAProxy's pool, nginx's and cloud load balancers' 60 s): the proxy
// closes first, so it never sends a request on a connection Node is closing (Node's 5 s default).
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

const REQUEST_ID = "x-request-id";

/**
 * Every request gets an id: the caller's x-request-id if it is a plausible one (the gateway
 * forwards its own to each subgraph), a new one otherwise. It is set on the request, where
 * the context and the request log read it, and returned as a response header.
 */
const useRequestId: RequestHandler = (req, res, next) => {
  const header = req.headers[REQUEST_ID];
  const id = typeof header === "string" && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
  req.headers[REQUEST_ID] = id;
  res.setHeader(REQUEST_ID, id);
  next();
};

/** One Apollo Server on express 5 with health routes and a drain-then-close shutdown. */
export async function startGraphQLService<TContext extends BaseContext>(
  options: GraphQLServiceOptions<TContext>,
): Promise<RunningService & { apollo: ApolloServer<TContext> }> {
  const { name, logger } = options;
  const drainDelayMs = options.shutdownDrainDelayMs ?? 0;
  if (drainDelayMs >= options.shutdownGraceMs / 2) {
    throw new ConfigError(`Invalid configuration:\n  - SHUTDOWN_DRAIN_DELAY_MS (${drainDelayMs}) must be less than half of SHUTDOWN_GRACE_MS (${options.shutdownGraceMs}), which must also cover the drain`);
  }
  // What is left of the grace period once the delay is over.
  const drainGraceMs = options.shutdownGraceMs - drainDelayMs;
  const production = options.nodeEnv === "production";
  const app = express();
  app.disable("x-powered-by");
  // No ETag: a hash of every answer's body, for POSTs no client revalidates.
  app.set("etag", false);
  app.set("trust proxy", options.trustProxy ?? false);
  app.use(noSniff);
  const httpServer = http.createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, app);
  // A connection's next request may take this long to arrive whole; beyond its idle wait.
  httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  let stopping = false;

  const server = new ApolloServer<TContext>({
    ...options.apollo,
    nodeEnv: options.nodeEnv,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: { maxTokens: Math.min(options.parserMaxTokens ?? PARSER_MAX_TOKENS, PARSER_MAX_TOKENS) },
    includeStacktraceInErrorResponses: false,
    // stopOnSignals owns shutdown; Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    // A database that is restarting or too busy is a retryable SERVICE_UNAVAILABLE, not a bug.
    formatError: maskUnexpectedErrors(({ level, err, message, path }) => logger[level]({ err, path }, message), isDatabaseUnavailable),
    plugins: [
      useRequestLog<TContext>({ logger }),
      useGraphQLMetrics<TContext>({
        registry: options.metrics.registry,
        operationLabel: boundedOperationName(loadRegisteredOperationNames(options.persistedQueryManifestPath)),
      }),
      usePlainTextInput<TContext>(),
      ...(options.apollo.plugins ?? []),
      // Elsewhere Apollo's default landing page is Sandbox, which tests and developers use.
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
      // In-flight requests finish; connections still open when this runs out are cut.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: Math.max(drainGraceMs / 2, drainGraceMs - AFTER_DRAIN_MS) }),
    ],
  } as ApolloServerOptions<TContext>);
  await server.start();

  mountHealthRoutes(app, options.readiness ?? [], () => stopping, logger);
  const signatures = options.requestVerifier && requestSignatureChecks(options.requestVerifier, logger);
  app.use(
    "/graphql",
    ...(options.corsOrigins?.length ? [cors({ origin: options.corsOrigins, credentials: true, exposedHeaders: [REQUEST_ID] })] : []),
    useRequestId,
    ...(signatures ? [signatures.withoutBody] : []),
    express.json({ limit: MAX_BODY, verify: signatures?.verifyBody }),
    ...(signatures ? [signatures.spendNonce] : []),
    refuseDeepNesting,
    ...(options.maxResponseBytes ? [capResponseSize(options.maxResponseBytes)] : []),
    ...(options.graphqlHandlers ?? []),
    expressMiddleware(server, {
      context: ({ req }) => options.context(req, req.headers[REQUEST_ID] as string),
    }),
  );
  if (options.siteHandlers?.length) app.use(...options.siteHandlers);
  app.use(refuseAsGraphQLErrors(logger));

  options.onHttpServer?.(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host !== "0.0.0.0" ? options.host : "localhost"}:${port}/graphql`;
  const metricsServer = await startMetricsServer({ registry: options.metrics.registry, port: options.metrics.port, host: options.host }).catch(async (error: unknown) => {
    // E.g. the metrics port is taken: stop serving GraphQL too, so nothing keeps the process alive.
    await server.stop();
    throw error;
  });
  logger.info({ url, metricsPort: metricsServer.port }, `${name} ready`);

  let stopped: Promise<void> | undefined;
  return {
    name,
    port,
    url,
    /** The Apollo server, for work of the service's own (executeOperation). */
    apollo: server,
    metricsPort: metricsServer.port,
    shutdownGraceMs: options.shutdownGraceMs,
    stop() {
      stopped ??= (async () => {
        // Unready first: a load balancer stops sending here while in-flight and late requests are still answered.
        stopping = true;
        if (drainDelayMs > 0) {
          logger.info({ drainDelayMs }, `${name} unready, draining after the delay`);
          await setTimeout(drainDelayMs);
        }
        logger.info(`${name} stopping`);
        await options.onStopping?.();
        await server.stop();
        await options.onStopped?.();
        // Last, so the final state stays scrapeable while the rest winds down.
        await metricsServer.stop();
        logger.info(`${name} stopped`);
      })();
      return stopped;
    },
  };
}

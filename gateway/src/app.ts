import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { eventNames, type EventBus } from "@shop/events";
import { createLogger } from "@shop/logger";
import { createRequestSigner } from "@shop/request-signing";
import { createTokenService } from "@shop/auth";
import { createGatewayMetrics, createServiceRegistry } from "@shop/metrics";
import { parsePersistedQueryManifest } from "@shop/schema-registry/persisted-queries";
import { PARSER_MAX_TOKENS, startGraphQLService } from "@shop/server";
import type { GatewayConfig } from "./config.ts";
import { createAccountCheck, withAccountCheck } from "./account-check.ts";
import type { GatewayContext } from "./context.ts";
import { serveStorefront } from "./storefront.ts";
import { SubgraphDataSource } from "./subgraph-data-source.ts";
import { createResponseCache } from "./response-cache.ts";
import { createSubscriptionLayer } from "./subscriptions/index.ts";
import { dropEverywhere, useResponseCache } from "./use-response-cache.ts";
import { useOperationLimits } from "./use-operation-limits.ts";
import { useOperationSafelist } from "./use-operation-safelist.ts";
import { useLogout } from "./use-logout.ts";
import { useRateLimitStatus } from "./use-rate-limit-status.ts";
import { useSubscriptionTransports } from "./use-subscription-transports.ts";

const REVOKED_AUTHORIZATION = "Bearer revoked";

/** `bus`: the event bus shared by every service of the process; a Redis bus of its own otherwise. */
export async function startGateway(config: GatewayConfig, { bus }: { bus?: EventBus } = {}) {
  // @apollo/gateway reports usage to Apollo's servers unless this is set; we never want that.
  process.env.APOLLO_TELEMETRY_DISABLED = "1";
  const logger = createLogger({ service: "gateway", level: config.logLevel, pretty: config.nodeEnv === "development" && process.stdout.isTTY });
  const registry = createServiceRegistry("gateway");
  const metrics = createGatewayMetrics(registry);
  const signRequest = createRequestSigner(config.requestSigningSecret);
  const responseCache = config.responseCache.maxEntries > 0 ? createResponseCache(config.responseCache) : undefined;
  const changesChannel = eventNames(config.eventsNamespace).changesChannel;
  // The subscription layer's bus, made below: the data sources only announce once requests flow.
  const cache = responseCache && { answers: responseCache, drop: dropEverywhere({ cache: responseCache, bus: () => subscriptions.bus, channel: changesChannel, logger }) };
  const gateway = new ApolloGateway({
    // The published supergraph from the repository, never composed at run time: what runs is what was reviewed.
    supergraphSdl: readFileSync(config.supergraphPath, "utf8"),
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name as keyof GatewayConfig["subgraphUrls"]] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      return new SubgraphDataSource(target, config.subgraphTimeoutMs, name, metrics, signRequest, cache);
    },
    logger,
  });
  const tokens = createTokenService(config.tokenKeys);
  const accounts = createAccountCheck({ tokens, usersUrl: config.subgraphUrls.users, signRequest, timeoutMs: config.subgraphTimeoutMs, logger });
  const plugins = [
    useRateLimitStatus<GatewayContext>(),
    useLogout({ accounts }),
    useSubscriptionTransports<GatewayContext>(),
    useOperationLimits<GatewayContext>({ ...config.operationLimits, logger, onExceeded: metrics.operationLimitExceeded }),
  ];
  // Safelist off: any operation runs, and Apollo Server's automatic persisted queries are on (its default).
  if (config.operationSafelist) {
    const manifest = parsePersistedQueryManifest(readFileSync(config.persistedQueryManifestPath, "utf8"));
    plugins.push(useOperationSafelist<GatewayContext>({ manifest }));
    logger.info({ operations: manifest.operations.length }, "operation safelist on: only registered operations are accepted");
  }
  const subscriptions = createSubscriptionLayer({ gateway, config, logger, metrics, tokens: withAccountCheck(tokens, accounts), signRequest, bus });
  if (responseCache) {
    plugins.push(
      useResponseCache({
        cache: responseCache,
        changes: { hub: subscriptions.bus, channel: changesChannel },
        onResult: metrics.responseCacheResult,
        refresh(request, contextValue) {
          metrics.responseCacheRefresh();
          // The service starts before any request, so it is there by the time a cached answer ages.
          service.apollo.executeOperation(request, { contextValue }).catch((error: unknown) => logger.warn({ err: error }, "could not refresh a cached answer"));
        },
      }),
    );
  }
  const service = await startGraphQLService<GatewayContext>({
    name: "gateway",
    nodeEnv: config.nodeEnv,
    // Enforced, the token limit stops the parser itself: a token bomb is never parsed in full.
    maxResponseBytes: config.maxResponseBytes,
    parserMaxTokens: config.operationLimits.mode === "enforce" ? config.operationLimits.limits.tokens : PARSER_MAX_TOKENS,
    port: config.port,
    host: config.host,
    logger,
    metrics: { registry, port: config.metricsPort },
    persistedQueryManifestPath: config.persistedQueryManifestPath,
    shutdownGraceMs: config.shutdownGraceMs,
    shutdownDrainDelayMs: config.shutdownDrainDelayMs,
    corsOrigins: config.corsOrigins,
    trustProxy: config.trustProxy,
    apollo: { gateway, plugins },
    async context(req, requestId) {
      const { authorization } = req.headers;
      // A token whose account is gone or demoted goes on as one no subgraph accepts, so it is
      // answered as any invalid token is (UNAUTHENTICATED where a sign-in is needed).
      const current = !authorization || (await accounts.isCurrent(authorization));
      return { requestId, authorization: current ? authorization : REVOKED_AUTHORIZATION, clientAddress: req.ip, deadline: Date.now() + config.requestTimeoutMs };
    },
    readiness: [subscriptions.readiness],
    graphqlHandlers: [subscriptions.httpHandler],
    siteHandlers: config.storefrontDir ? serveStorefront(config.storefrontDir) : [],
    onHttpServer: subscriptions.attach,
    onStopping: subscriptions.stop,
  });
  return { service, logger };
}

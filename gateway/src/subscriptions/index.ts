import type http from "node:http";
import type { ApolloGateway } from "@apollo/gateway";
import { buildASTSchema, parse, printSchema, type GraphQLSchema } from "graphql";
import type { TokenService } from "@shop/auth";
import { eventNames, resolveEventBus, type EventBus } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { RequestSigner } from "@shop/request-signing";
import type { GatewayMetrics } from "@shop/metrics";
import type { GatewayConfig } from "../config.ts";
import { createConnectionLimits } from "./connection-limits.ts";
import { createSubscriptionExecutor } from "./execute-subscription.ts";
import { createFollowUpRunner } from "./follow-up-query.ts";
import { createMultipartTransport } from "./multipart-transport.ts";
import { createPayloadJson } from "./payload-json.ts";
import { createReplaySource } from "./replay-source.ts";
import { createSubscriptionFields } from "./subscription-fields.ts";
import { attachWebSocketTransport } from "./websocket-transport.ts";

/**
 * The gateway's subscription layer (@apollo/gateway executes no subscriptions): live events
 * from the event bus (Redis, or the process's own bus in single-process mode), payloads
 * fetched through the gateway's own executor, served over graphql-ws and Apollo's multipart
 * HTTP protocol. Create it before the gateway loads its schema. `tokens` verifies subscribers
 * (the gateway's, which also checks that their accounts are current).
 */
export function createSubscriptionLayer(options: {
  gateway: ApolloGateway;
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  tokens: TokenService;
  signRequest: RequestSigner;
  bus?: EventBus | undefined;
}) {
  const { gateway, config, logger, metrics, tokens, signRequest, bus } = options;
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    // A copy without resolvers: Apollo Server instruments the gateway's schema in place,
    // wrapping every field in a resolver that falls back to graphql's defaultFieldResolver
    // (source[fieldName]). That wrapper would override our fieldResolver, which reads the
    // follow-up data by response key (info.path.key), so any alias would resolve to null.
    apiSchema = buildASTSchema(parse(printSchema(loaded)));
  });
  const schema = () => {
    if (!apiSchema) throw new Error("The gateway has not loaded its schema yet");
    return apiSchema;
  };

  // One subscription per live channel per process, shared by every subscriber (the bus's channel hub).
  const events = resolveEventBus({ shared: bus, redisUrl: config.redisUrl, logger, name: "gateway-events" });
  const fields = createSubscriptionFields({
    hub: events.bus,
    names: eventNames(config.eventsNamespace),
    runFollowUp: createFollowUpRunner(gateway, logger, config.maxConcurrentFollowUps),
    replay: createReplaySource({ subgraphUrls: config.subgraphUrls, signRequest, timeoutMs: config.subgraphTimeoutMs }),
  });
  const executor = createSubscriptionExecutor({ schema, fields, logger, metrics });
  const limits = createConnectionLimits(config.maxConnectionsPerUser);
  const payloadJson = createPayloadJson();
  const multipart = createMultipartTransport({ executor, tokens, limits, payloadJson, heartbeatMs: config.subscriptionKeepAliveMs });
  let webSockets: ReturnType<typeof attachWebSocketTransport> | undefined;

  return {
    /** For startGraphQLService's graphqlHandlers: multipart subscriptions on POST /graphql. */
    httpHandler: multipart.handler,
    /** For startGraphQLService's onHttpServer: graphql-ws on the same port and path. */
    attach(httpServer: http.Server) {
      webSockets = attachWebSocketTransport({
        httpServer,
        path: "/graphql",
        executor,
        tokens,
        limits,
        payloadJson,
        maxSubscriptionsPerConnection: config.maxSubscriptionsPerConnection,
        keepAliveMs: config.subscriptionKeepAliveMs,
        metrics,
      });
    },
    /** The gateway's event bus, for the response cache's invalidations too. */
    bus: events.bus,
    /**
     * /readyz reports the bus (under its kind, e.g. "redis"), optional as in the subgraphs:
     * without it no event reaches a subscriber (they stay connected meanwhile), but queries
     * and mutations are served.
     */
    readiness: { name: events.bus.kind, check: () => events.bus.ping(), optional: true },
    /** Ends every subscription (WebSockets close 1001), then lets go of Redis (a shared bus stays open). */
    async stop() {
      multipart.close();
      await webSockets?.close();
      if (!events.shared) await events.bus.close();
    },
  };
}

import type http from "node:http";
import type { Duplex } from "node:stream";
import type { FormattedExecutionResult } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { BadUserInputError } from "@shop/errors";
import type { TokenService } from "@shop/auth";
import type { GatewayMetrics } from "@shop/metrics";
import type { ConnectionLimits } from "./connection-limits.ts";
import type { SubscriptionExecutor } from "./execute-subscription.ts";
import type { PayloadJson } from "./payload-json.ts";
import { authenticate, requireSubscriber, type SubscriberAuth } from "./subscriber.ts";

export interface WebSocketTransportOptions {
  httpServer: http.Server;
  path: string;
  executor: SubscriptionExecutor;
  tokens: TokenService;
  limits: ConnectionLimits;
  payloadJson: PayloadJson;
  maxSubscriptionsPerConnection: number;
  keepAliveMs: number;
  metrics: Pick<GatewayMetrics, "webSocketOpened">;
}

// Application close code (4000-4999) for a user who already holds the most connections allowed.
const TOO_MANY_CONNECTIONS = 4429;

type ConnectionState = { auth?: SubscriberAuth; release?: () => void };

/**
 * graphql-ws (`graphql-transport-ws`) on the gateway's own port and path. The token comes in
 * connection_init as `{ authorization: "Bearer ..." }`; an anonymous connection is accepted but
 * each of its subscriptions is refused UNAUTHENTICATED, so the client learns why. Pings keep
 * idle connections alive through proxies; closing says 1001 Going Away.
 */
export function attachWebSocketTransport(options: WebSocketTransportOptions) {
  const { executor, tokens, limits, payloadJson } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  wsServer.on("connection", (socket, request) => {
    socket.once("close", options.metrics.webSocketOpened());
    wrapSend(socket, request.socket, payloadJson.fill);
  });
  const server = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      async onConnect(ctx) {
        const auth = await authenticate(ctx.connectionParams?.authorization, tokens);
        const release = limits.admit("subscriber" in auth ? auth.subscriber.userId : null);
        if (!release) {
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS, "Too many connections for this user");
          return false;
        }
        ctx.extra.release = release;
        ctx.extra.auth = auth;
        return true;
      },
      onClose: (ctx) => ctx.extra.release?.(),
      onSubscribe(ctx, _id, payload) {
        try {
          requireSubscriber(ctx.extra.auth!);
        } catch (error) {
          return [error as BadUserInputError];
        }
        // ctx.subscriptions already holds this one.
        if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
          return [new BadUserInputError(`At most ${options.maxSubscriptionsPerConnection} subscriptions per connection.`)];
        }
        const prepared = executor.prepare(payload.query, payload.operationName);
        if (prepared.kind === "invalid") return prepared.errors;
        if (prepared.kind === "other") return [new BadUserInputError("Only subscriptions are served over WebSocket; send queries and mutations over HTTP.")];
        return { schema: executor.schema(), document: prepared.document, operationName: payload.operationName, variableValues: payload.variables, contextValue: ctx.extra.auth };
      },
      subscribe: (args) => executor.execute({ document: args.document, operationName: args.operationName, variables: args.variableValues }, args.contextValue as SubscriberAuth) as never,
      // Results are formatted (masked) by the executor already; send them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult as never,
      // ... and each shared result is serialised once, not once per subscription.
      jsonMessageReplacer: payloadJson.replacer,
    },
    wsServer,
    options.keepAliveMs,
  );
  return {
    /** Closes every connection with 1001 Going Away, ending its subscriptions. */
    async close() {
      await server.dispose();
    },
  };
}

/**
 * Every message graphql-ws sends on this socket: its shared payload filled in (see
 * payload-json), and its frame held until this tick's work is done. An event reaches all the
 * subscriptions of a connection together and each sends its own frame; process.nextTick runs
 * after the promise jobs already queued, so they leave in one system call instead of one each.
 */
function wrapSend(socket: WebSocket, tcp: Duplex, fill: (data: string) => string) {
  const send = socket.send.bind(socket);
  let corked = false;
  socket.send = ((data: string, ...rest: [never]) => {
    if (!corked) {
      corked = true;
      tcp.cork();
      process.nextTick(() => {
        corked = false;
        tcp.uncork();
      });
    }
    send(typeof data === "string" ? fill(data) : data, ...rest);
  }) as typeof socket.send;
}

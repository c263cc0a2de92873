import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { ApolloServer, type ApolloServerOptions, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express, { type Request, type RequestHandler } from "express";
import { maskUnexpectedErrors } from "@shop/errors";
import type { Logger } from "@shop/logger";
import { mountHealthRoutes, type ReadinessCheck } from "./health.ts";

export type { ReadinessCheck };

export interface GraphQLServiceOptions<TContext extends BaseContext> {
  name: string;
  apollo: ApolloServerOptions<TContext>;
  context: (req: Request, requestId: string) => Promise<TContext>;
  port: number;
  host?: string;
  logger: Logger;
  readiness?: ReadinessCheck[];
  /** Browser origins allowed to call; none means no CORS headers (service-to-service only). */
  corsOrigins?: string[];
  /** Runs after the HTTP server has drained: close database pools and the like. */
  onStopped?: () => Promise<void>;
  /** Handlers that see each /graphql request, body parsed, before Apollo Server (e.g. another transport). */
  graphqlHandlers?: RequestHandler[];
  /** Receives the http.Server before it listens, to share it (e.g. a WebSocket server). */
  onHttpServer?: (httpServer: http.Server) => void;
  /** Runs first when stopping, before HTTP drains: end long-lived connections (WebSockets, streams). */
  onStopping?: () => Promise<void>;
}

export interface RunningService {
  name: string;
  port: number;
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY = "1mb";

/** One Apollo Server on express 5 with health routes and a drain-then-close shutdown. */
export async function startGraphQLService<TContext extends BaseContext>(
  options: GraphQLServiceOptions<TContext>,
): Promise<RunningService> {
  const { name, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  let stopping = false;

  const server = new ApolloServer<TContext>({
    ...options.apollo,
    includeStacktraceInErrorResponses: false,
    // stopOnSignals owns shutdown; Apollo's own handler would re-raise the signal mid-drain.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(({ level, err, message, path }) => logger[level]({ err, path }, message)),
    plugins: [...(options.apollo.plugins ?? []), ApolloServerPluginDrainHttpServer({ httpServer })],
  } as ApolloServerOptions<TContext>);
  await server.start();

  mountHealthRoutes(app, options.readiness ?? [], () => stopping, logger);
  app.use(
    "/graphql",
    ...(options.corsOrigins?.length ? [cors({ origin: options.corsOrigins, credentials: true })] : []),
    express.json({ limit: MAX_BODY }),
    ...(options.graphqlHandlers ?? []),
    expressMiddleware(server, {
      context: ({ req }) => options.context(req, requestIdOf(req)),
    }),
  );

  options.onHttpServer?.(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host ?? "0.0.0.0", resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${options.host && options.host !== "0.0.0.0" ? options.host : "localhost"}:${port}/graphql`;
  logger.info({ url }, `${name} ready`);

  let stopped: Promise<void> | undefined;
  return {
    name,
    port,
    url,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        logger.info(`${name} stopping`);
        await options.onStopping?.();
        await server.stop();
        await options.onStopped?.();
        logger.info(`${name} stopped`);
      })();
      return stopped;
    },
  };
}

function requestIdOf(req: Request): string {
  const header = req.headers["x-request-id"];
  return typeof header === "string" && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
}

// One Apollo Client per signed-in session (a new token, a new client: no cache or WebSocket
// outlives a sign-out). Queries and mutations go over HTTP; subscriptions over Apollo's
// multipart HTTP protocol (the same HttpLink) or over graphql-ws, as the transport setting says.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { codesOf } from "./errors.ts";
import type { Transport } from "./settings.ts";

/** On the page's own origin: the gateway serves the storefront, and `vite` proxies /graphql to it. */
const GRAPHQL_PATH = "/graphql";

/**
 * `dispose` ends the session's client: its queries and its WebSocket, if it has one.
 * `onTokenRefused`: the API answered UNAUTHENTICATED to the session's token (expired, revoked).
 */
export function createApolloClient(token: string | null, transport: Transport, onTokenRefused: () => void): { client: ApolloClient; dispose: () => void } {
  const authorization = token ? `Bearer ${token}` : undefined;
  const http = new HttpLink({ uri: GRAPHQL_PATH, headers: authorization ? { authorization } : {} });
  const ws =
    transport === "websocket"
      ? createClient({
          url: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${GRAPHQL_PATH}`,
          // The gateway reads the token from connection_init (docs/subscriptions.md).
          connectionParams: authorization ? { authorization } : {},
          retryAttempts: 5,
        })
      : undefined;
  const transportLink = ws ? ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http) : http;
  const refusedToken = new ErrorLink(({ error }) => {
    if (token && codesOf(error).includes("UNAUTHENTICATED")) onTokenRefused();
  });
  const link = ApolloLink.from([refusedToken, transportLink]);
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return {
    client,
    dispose() {
      client.stop();
      void ws?.dispose();
    },
  };
}

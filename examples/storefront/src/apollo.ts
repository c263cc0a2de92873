// One Apollo Client per signed-in session (a new token, a new client: no cache or WebSocket
// outlives a sign-out). Queries and mutations go over HTTP; subscriptions over Apollo's
// multipart HTTP protocol (the same HttpLink) or over graphql-ws, as the transport setting says.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import type { Transport } from "./settings.ts";

/** On the page's own origin: the gateway serves the storefront, and `vite` proxies /graphql to it. */
const GRAPHQL_PATH = "/graphql";

/** `dispose` ends the session's client: its queries and its WebSocket, if it has one. */
export function createApolloClient(token: string | null, transport: Transport): { client: ApolloClient; dispose: () => void } {
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
  const link = ws ? ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http) : http;
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  return {
    client,
    dispose() {
      client.stop();
      void ws?.dispose();
    },
  };
}

import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError } from "graphql";
import { ErrorCode } from "@shop/errors";

export const SUBSCRIPTION_TRANSPORTS =
  'Subscriptions are served over the graphql-ws WebSocket, or over HTTP with `Accept: multipart/mixed;subscriptionSpec="1.0"`.';

/**
 * The subscription transports take their requests before Apollo Server sees them, so a
 * subscription that reaches it came by plain HTTP: @apollo/gateway cannot execute it (a 500
 * otherwise). It is the client's to fix: HTTP 400, and where to send it instead.
 */
export function useSubscriptionTransports<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new GraphQLError(SUBSCRIPTION_TRANSPORTS, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
        },
      };
    },
  };
}

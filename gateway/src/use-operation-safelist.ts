import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError } from "graphql";
import { ErrorCode } from "@shop/errors";
import type { PersistedQueryManifest } from "@shop/schema-registry/persisted-queries";

export const UNREGISTERED_OPERATION = "This operation is not registered; only registered operations are accepted.";

/**
 * Accepts only the operations in the manifest (the registered operations, schema/operations):
 * sent by id alone (`extensions.persistedQuery.sha256Hash`, as Apollo Client's persisted query
 * link does with a persisted query list), or as their exact text. Anything else is refused with
 * BAD_USER_INPUT and HTTP 400 before it runs. An unknown id alone still gets Apollo Server's
 * PERSISTED_QUERY_NOT_FOUND, so a client retries with the text and is refused then. Nothing is
 * registered in Apollo's automatic persisted query cache: the manifest is the only registry.
 */
export function useOperationSafelist<TContext extends BaseContext>({ manifest }: { manifest: PersistedQueryManifest }): ApolloServerPlugin<TContext> {
  const bodies = new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
  return {
    async requestDidStart({ request }) {
      // A registered id needs no text: the gateway knows it, even before Apollo's APQ cache does.
      const id: unknown = request.extensions?.persistedQuery?.sha256Hash;
      if (request.query === undefined && typeof id === "string") request.query = bodies.get(id);
      // With the text in hand the id has done its part; left in, Apollo would cache the text under it.
      if (request.query !== undefined && request.extensions?.persistedQuery) delete request.extensions.persistedQuery;
      return {
        // Apollo Server's queryHash is the sha256 of the query text, as the manifest's ids are.
        async didResolveOperation({ queryHash }) {
          if (!bodies.has(queryHash)) throw new GraphQLError(UNREGISTERED_OPERATION, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
        },
      };
    },
  };
}

import { HeaderMap, type ApolloServerPlugin, type GraphQLRequest } from "@apollo/server";
import { CACHE_EVENT, createEnvelope, tagsChangedBy, type CacheInvalidatedData, type ChannelHub, type EventBus } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { GatewayContext } from "./context.ts";
import type { ResponseCache } from "./response-cache.ts";

export type ResponseCacheResult = "hit" | "miss" | "bypass";

/** What one request's subgraph fetches said of their answers (CACHE_TAGS_HEADER), gathered by SubgraphDataSource. */
export interface FetchedTags {
  tags: Set<string>;
  /** False once any fetch answered without tags: the whole answer must not be cached. */
  cacheable: boolean;
  /** True once any fetch's answer depended on the caller (CACHE_SCOPE_HEADER): cached for this caller only. */
  private: boolean;
}

/**
 * Answers a query from `cache` when it can, and caches an answer when every subgraph fetch
 * behind it carried tags and it has no errors. The key is the document's hash, the operation
 * name and the variables; for a private answer (any fetch said CACHE_SCOPE_HEADER: private, as
 * `me` or an order does) the caller's credentials come first in it, so it is only ever served
 * to the same token, and it is not kept for a caller without one. The credentials are the
 * context's, after the account check: a signed-out or stale token reaches none of its
 * entries. A hit runs after the safelist and the operation limits (didResolveOperation), as
 * any other answer. Cached answers are shared objects: no plugin may change a response's data
 * in place.
 *
 * An answer still asked for in the last fifth of its time is refreshed (`refresh`, which runs the
 * same request again with the same context, account-checked, through the whole pipeline): the
 * fresh answer replaces it before it expires, so a popular answer is never missed for its age.
 * The refresh is filed like any answer, and not stored when a drop overtook it.
 *
 * The cache is kept true by `changes`, the event bus's changes channel: every product or order
 * event, and every replica's own mutations (`dropEverywhere`), drop the tags they change
 * (`tagsChangedBy`). While the bus cannot hear (Redis away) queries bypass the cache, which is
 * emptied when it hears again: it may have missed drops.
 */
export function useResponseCache({
  cache,
  changes,
  onResult,
  refresh,
}: {
  cache: ResponseCache;
  changes: { hub: ChannelHub; channel: string };
  onResult: (result: ResponseCacheResult) => void;
  /** Runs a request again in the background (the server's executeOperation); its answer is stored as a miss's is. */
  refresh: (request: GraphQLRequest, contextValue: GatewayContext) => void;
}): ApolloServerPlugin<GatewayContext> {
  changes.hub.listen(changes.channel, (envelope) => cache.invalidate(tagsChangedBy(envelope)));
  let deaf = false;
  function listening(): boolean {
    if (!changes.hub.isListening()) return !(deaf = true);
    if (deaf) cache.flush();
    deaf = false;
    return true;
  }

  return {
    async requestDidStart() {
      let pending: { key: string; callersKey: string | undefined; begun: number } | undefined;
      return {
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          if (operation.operation !== "query") return null;
          if (!listening()) {
            onResult("bypass");
            return null;
          }
          const key = `${queryHash}\n${request.operationName ?? ""}\n${JSON.stringify(request.variables ?? {})}`;
          const callersKey = contextValue.authorization ? `${contextValue.authorization}\n${key}` : undefined;
          if (!contextValue.refreshing) {
            for (const found of callersKey === undefined ? [key] : [key, callersKey]) {
              const data = cache.get(found);
              if (data === undefined) continue;
              onResult("hit");
              if (cache.claimRefresh(found)) refresh({ ...request }, { ...contextValue, refreshing: true, fetchedTags: undefined });
              return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: data as Record<string, unknown> } } };
            }
            onResult("miss");
          }
          pending = { key, callersKey, begun: cache.begin() };
          contextValue.fetchedTags = { tags: new Set(), cacheable: true, private: false };
          return null;
        },
        async willSendResponse({ response, contextValue }) {
          const fetched = contextValue.fetchedTags;
          if (!pending || !fetched?.cacheable || fetched.tags.size === 0 || response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (errors || !data) return;
          const key = fetched.private ? pending.callersKey : pending.key;
          if (key !== undefined) cache.store(key, data, [...fetched.tags], pending.begun);
        },
      };
    },
  };
}

/**
 * What a mutation changed, dropped from this replica's cache at once and announced on the
 * changes channel, so that every other replica drops it too before the caller's next request
 * (read-your-writes whichever replica it reaches); the services' own events follow. The
 * announcement is best effort: while Redis is away no replica caches anything.
 */
export function dropEverywhere({ cache, bus, channel, logger }: { cache: ResponseCache; bus: () => EventBus; channel: string; logger: Logger }) {
  return async (tags: string[]) => {
    cache.invalidate(tags);
    const envelope = createEnvelope<CacheInvalidatedData>({ type: CACHE_EVENT.INVALIDATED, aggregateId: "cache", schemaVersion: 1, data: { tags } });
    await bus()
      .announce(channel, envelope)
      .catch((error: unknown) => logger.warn({ err: error, tags }, "could not announce cache drops to the other gateway replicas"));
  };
}

import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { tagsChangedBy, type ChannelHub } from "@shop/events";
import type { GatewayContext } from "./context.ts";
import type { ResponseCache } from "./response-cache.ts";

export type ResponseCacheResult = "hit" | "miss" | "bypass";

/** What one request's subgraph fetches said of their answers (CACHE_TAGS_HEADER), gathered by SubgraphDataSource. */
export interface FetchedTags {
  tags: Set<string>;
  /** False once any fetch answered without tags: the whole answer must not be cached. */
  cacheable: boolean;
}

/**
 * Answers a query from `cache` when it can, and caches an answer when every subgraph fetch
 * behind it carried tags (public data: the subgraphs tag nothing that depends on the caller)
 * and it has no errors. The key is the document's hash, the operation name and the variables,
 * never the caller: a tagged answer is the same for everyone. A hit runs after the safelist and
 * the operation limits (didResolveOperation), as any other answer. Cached answers are shared
 * objects: no plugin may change a response's data in place.
 *
 * The cache is kept true by `changes`, the event bus's changes channel: every product or order
 * event drops the tags it changes (`tagsChangedBy`). While the bus cannot hear (Redis away)
 * queries bypass the cache, which is emptied when it hears again: it may have missed drops.
 */
export function useResponseCache({
  cache,
  changes,
  onResult,
}: {
  cache: ResponseCache;
  changes: { hub: ChannelHub; channel: string };
  onResult: (result: ResponseCacheResult) => void;
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
      let pending: { key: string; begun: number } | undefined;
      return {
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          if (operation.operation !== "query") return null;
          if (!listening()) {
            onResult("bypass");
            return null;
          }
          const key = `${queryHash}\n${request.operationName ?? ""}\n${JSON.stringify(request.variables ?? {})}`;
          const data = cache.get(key);
          if (data !== undefined) {
            onResult("hit");
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data: data as Record<string, unknown> } } };
          }
          onResult("miss");
          pending = { key, begun: cache.begin() };
          contextValue.fetchedTags = { tags: new Set(), cacheable: true };
          return null;
        },
        async willSendResponse({ response, contextValue }) {
          const fetched = contextValue.fetchedTags;
          if (!pending || !fetched?.cacheable || fetched.tags.size === 0 || response.body.kind !== "single") return;
          const { data, errors } = response.body.singleResult;
          if (errors || !data) return;
          cache.store(pending.key, data, [...fetched.tags], pending.begun);
        },
      };
    },
  };
}

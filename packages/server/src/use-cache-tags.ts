import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";

/** The response header a subgraph names what a query's answer read with (space-separated tags). */
export const CACHE_TAGS_HEADER = "x-cache-tags";

/**
 * The response header a subgraph names what a mutation changed with: the gateway that sent it
 * drops those answers before it replies, so the caller reads its own write at once (other
 * replicas hear of it from the change events).
 */
export const CACHE_INVALIDATES_HEADER = "x-cache-invalidates";

/**
 * The response header a subgraph marks an answer with that depends on who asks (`private`):
 * the gateway caches such an answer for that caller's credentials only, never in a cache
 * another caller reads.
 */
export const CACHE_SCOPE_HEADER = "x-cache-scope";
export const PRIVATE_SCOPE = "private";

/** What the resolvers of one request read (a query) or changed (a mutation), by tag (`cacheTag` of @shop/events). */
export interface CacheTags {
  add(...tags: string[]): void;
  /** Tags of what only its owner (or an administrator) may read: the answer becomes private. */
  addPrivate(...tags: string[]): void;
  readonly all: ReadonlySet<string>;
  readonly private: boolean;
}

export function createCacheTags(): CacheTags {
  const all = new Set<string>();
  let isPrivate = false;
  const add = (...tags: string[]) => {
    for (const tag of tags) all.add(tag);
  };
  return {
    all,
    add,
    addPrivate(...tags) {
      isPrivate = true;
      add(...tags);
    },
    get private() {
      return isPrivate;
    },
  };
}

/**
 * Names a mutation's changes in CACHE_INVALIDATES_HEADER, errors or not (some may have been made).
 * Tells the gateway, in CACHE_TAGS_HEADER, that a query's answer may be cached until an event
 * drops one of its tags, and in CACHE_SCOPE_HEADER when it may be cached for this caller only.
 * Only for a query without errors whose every root field is one of `rootFields`: the fields
 * whose resolvers tag everything they read, with private tags for whatever depends on the
 * caller. Any other answer carries no header, and the gateway caches none of it.
 */
export function useCacheTags<TContext extends BaseContext & { cacheTags: CacheTags }>({
  rootFields,
}: {
  rootFields: readonly string[];
}): ApolloServerPlugin<TContext> {
  const cacheable = new Set([...rootFields, "__typename"]);
  const onlyCacheableFields = (operation: OperationDefinitionNode) =>
    operation.operation === "query" && operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && cacheable.has(selection.name.value));
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, contextValue }) {
          const tags = [...contextValue.cacheTags.all].join(" ");
          if (operation?.operation === "mutation" && tags) return void response.http.headers.set(CACHE_INVALIDATES_HEADER, tags);
          if (response.body.kind !== "single" || response.body.singleResult.errors) return;
          if (!operation || !onlyCacheableFields(operation) || contextValue.cacheTags.all.size === 0) return;
          response.http.headers.set(CACHE_TAGS_HEADER, tags);
          if (contextValue.cacheTags.private) response.http.headers.set(CACHE_SCOPE_HEADER, PRIVATE_SCOPE);
        },
      };
    },
  };
}

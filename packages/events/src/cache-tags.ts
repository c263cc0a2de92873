import type { EventEnvelope } from "./envelope.ts";
import { ORDER_EVENT, type OrderEventData } from "./order-events.ts";
import { PRODUCT_EVENT, type ProductChangedData } from "./product-events.ts";

/**
 * The names a cached answer is filed under (subgraphs name what their answers read) and that
 * events drop (`tagsChangedBy`): one vocabulary, so that what is cached is what gets invalidated.
 */
export const cacheTag = {
  /** One product's own fields (what every answer that reads the product is filed under). */
  product: (productId: string) => `Product:${productId}`,
  /** One product's stock, besides: the one field orders move, many times a second in a busy shop. */
  stock: (productId: string) => `Stock:${productId}`,
  /** Which products lists hold and how many: searches, category filters, the categories. */
  catalogue: "Catalogue",
  /** One user's account (a private tag: answers under it are cached per caller). */
  account: (userId: string) => `User:${userId}`,
  /** Everything about one user's orders: their list, each order and its history (private). */
  orders: (userId: string) => `Orders:${userId}`,
} as const;

/** What a gateway announces on the changes channel: a mutation's changes, for the other replicas' caches. */
export const CACHE_EVENT = {
  INVALIDATED: "cache.invalidated",
} as const;

export interface CacheInvalidatedData {
  tags: string[];
}

/** The tags an event makes stale; empty for events that change nothing cached. */
export function tagsChangedBy(envelope: EventEnvelope): string[] {
  switch (envelope.type) {
    case PRODUCT_EVENT.CHANGED: {
      const { productIds, listingChanged, stockOnly } = envelope.data as ProductChangedData;
      // Every answer that read a stock read its product too: a product tag drops it as well.
      if (stockOnly) return productIds.map(cacheTag.stock);
      const tags = productIds.map(cacheTag.product);
      return listingChanged ? [...tags, cacheTag.catalogue] : tags;
    }
    case ORDER_EVENT.PLACED:
    case ORDER_EVENT.STATUS_CHANGED:
      return [cacheTag.orders((envelope.data as OrderEventData).userId)];
    case CACHE_EVENT.INVALIDATED: {
      const tags = (envelope.data as Partial<CacheInvalidatedData> | null)?.tags;
      return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
    }
    default:
      return [];
  }
}

import type { EventEnvelope } from "./envelope.ts";
import { PRODUCT_EVENT, type ProductChangedData } from "./product-events.ts";

/**
 * The names a cached answer is filed under (subgraphs name what their answers read) and that
 * events drop (`tagsChangedBy`): one vocabulary, so that what is cached is what gets invalidated.
 */
export const cacheTag = {
  /** One product's own fields. */
  product: (productId: string) => `Product:${productId}`,
  /** Which products lists hold and how many: searches, category filters, the categories. */
  catalogue: "Catalogue",
} as const;

/** The tags an event makes stale; empty for events that change nothing cached. */
export function tagsChangedBy(envelope: EventEnvelope): string[] {
  if (envelope.type !== PRODUCT_EVENT.CHANGED) return [];
  const { productIds, listingChanged } = envelope.data as ProductChangedData;
  const tags = productIds.map(cacheTag.product);
  return listingChanged ? [...tags, cacheTag.catalogue] : tags;
}

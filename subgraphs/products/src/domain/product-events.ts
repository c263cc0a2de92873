import { PRODUCT_EVENT, type OutboxEvent, type ProductChangedData } from "@shop/events";

export const PRODUCT_EVENT_SCHEMA_VERSION = 1;

/**
 * The event announcing that what the catalogue shows of these products changed. `aggregateId`
 * is what changed as one unit: the product, or the order whose stock was reserved or released.
 */
export function productChanged(aggregateId: string, productIds: readonly string[], { listingChanged }: { listingChanged: boolean }, changedAt: Date): OutboxEvent {
  const data: ProductChangedData = { productIds: [...new Set(productIds)], listingChanged, changedAt: changedAt.toISOString() };
  return { type: PRODUCT_EVENT.CHANGED, aggregateId, schemaVersion: PRODUCT_EVENT_SCHEMA_VERSION, data };
}

/** Whether changing these fields can change which products a list shows (search, category filter, categories). */
export function changesListing(changes: object): boolean {
  return ["name", "description", "category"].some((field) => field in changes);
}

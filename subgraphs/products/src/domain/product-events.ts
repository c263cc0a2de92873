import { PRODUCT_EVENT, type OutboxEvent, type ProductChangedData } from "@shop/events";

/** What kind of change it was: the catalogue's lists, and whether anything but stock moved. */
export type ProductChange = Required<Pick<ProductChangedData, "listingChanged" | "stockOnly">>;

/** The change of an order's reservation, or of an admin's stock adjustment: stock alone. */
export const STOCK_CHANGE: ProductChange = { listingChanged: false, stockOnly: true };

export const PRODUCT_EVENT_SCHEMA_VERSION = 1;

/**
 * The event announcing that what the catalogue shows of these products changed. `aggregateId`
 * is what changed as one unit: the product, or the order whose stock was reserved or released.
 */
export function productChanged(aggregateId: string, productIds: readonly string[], change: ProductChange, changedAt: Date): OutboxEvent {
  const data: ProductChangedData = { productIds: [...new Set(productIds)], ...change, changedAt: changedAt.toISOString() };
  return { type: PRODUCT_EVENT.CHANGED, aggregateId, schemaVersion: PRODUCT_EVENT_SCHEMA_VERSION, data };
}

/** Whether changing these fields can change which products a list shows (search, category filter, categories). */
export function changesListing(changes: object): boolean {
  return ["name", "description", "category"].some((field) => field in changes);
}

/** The events the products service publishes, version 1 of their `data`. */
export const PRODUCT_EVENT = {
  /** A product's price, stock (adjusted, reserved or released), description or listing changed, or it was created. */
  CHANGED: "product.changed",
} as const;

export type ProductEventType = (typeof PRODUCT_EVENT)[keyof typeof PRODUCT_EVENT];

export interface ProductChangedData {
  productIds: string[];
  /**
   * True when lists may change beyond these products' own rows: a product created, or its name,
   * description or category changed (what the catalogue's search, filter and categories read).
   */
  listingChanged: boolean;
  /**
   * True when nothing but their stock changed (adjusted, reserved, given back): answers that did
   * not read the stock stay good. Events written before it had none: read as false.
   */
  stockOnly?: boolean;
  changedAt: string;
}

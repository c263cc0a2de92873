import { BadUserInputError } from "@shop/errors";

export interface NewProductInput {
  sku: string;
  name: string;
  description?: string | null;
  priceCents: number;
  currency: string;
  category?: string | null;
  stock: number;
}

export interface ProductChanges {
  name?: string | null;
  description?: string | null;
  priceCents?: number | null;
  category?: string | null;
}

export interface ValidProductChanges {
  name?: string;
  description?: string | null;
  priceCents?: number;
  category?: string | null;
}

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK = 1_000_000;
const SKU = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;

function invalid(field: string, message: string): never {
  throw new BadUserInputError(message, { field });
}

function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) invalid(field, `${field} must be 1 to ${max} characters.`);
  return trimmed;
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  return text(field, value, max);
}

function priceCents(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_PRICE_CENTS) {
    invalid("priceCents", `priceCents must be a whole number from 0 to ${MAX_PRICE_CENTS}.`);
  }
  return value;
}

export function validateNewProduct(input: NewProductInput) {
  const sku = input.sku.trim().toUpperCase();
  if (!SKU.test(sku)) invalid("sku", "sku must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
  const currency = input.currency.trim().toUpperCase();
  if (!CURRENCY.test(currency)) invalid("currency", "currency must be an ISO 4217 code such as EUR.");
  if (!Number.isInteger(input.stock) || input.stock < 0 || input.stock > MAX_STOCK) {
    invalid("stock", `stock must be a whole number from 0 to ${MAX_STOCK}.`);
  }
  return {
    sku,
    name: text("name", input.name, 200),
    description: optionalText("description", input.description, 5000),
    priceCents: priceCents(input.priceCents),
    currency,
    category: optionalText("category", input.category, 100),
    stock: input.stock,
  };
}

/** Absent fields stay as they are; name and price cannot be cleared, description and category can. */
export function validateProductChanges(input: ProductChanges): ValidProductChanges {
  const changes: ValidProductChanges = {};
  if (input.name !== undefined) {
    if (input.name === null) invalid("name", "name cannot be cleared.");
    changes.name = text("name", input.name, 200);
  }
  if (input.priceCents !== undefined) {
    if (input.priceCents === null) invalid("priceCents", "priceCents cannot be cleared.");
    changes.priceCents = priceCents(input.priceCents);
  }
  if (input.description !== undefined) changes.description = optionalText("description", input.description, 5000);
  if (input.category !== undefined) changes.category = optionalText("category", input.category, 100);
  return changes;
}

/** The stock after an adjustment, which may never be negative. */
export function adjustedStock(current: number, delta: number): number {
  if (!Number.isInteger(delta)) invalid("delta", "delta must be a whole number.");
  const next = current + delta;
  if (next < 0) invalid("delta", `Stock cannot go below zero: ${current} in stock, asked to remove ${-delta}.`);
  if (next > MAX_STOCK) invalid("delta", `Stock cannot exceed ${MAX_STOCK}.`);
  return next;
}

export function normalizeSearch(search: string | null | undefined): string | null {
  const trimmed = search?.trim() ?? "";
  if (trimmed.length > 100) invalid("search", "search must be at most 100 characters.");
  return trimmed === "" ? null : trimmed;
}

export interface ReservationItem {
  productId: string;
  quantity: number;
}

/**
 * Lines of a reservation, one per product, sorted by product id: every transaction then
 * locks product rows in the same order, so two orders can never deadlock each other.
 */
export function reservationLines(items: readonly ReservationItem[]): ReservationItem[] {
  if (items.length === 0) invalid("items", "A reservation needs at least one item.");
  const byProduct = new Map<string, number>();
  for (const { productId, quantity } of items) {
    if (!Number.isInteger(quantity) || quantity < 1) invalid("quantity", "Every quantity must be a whole number of at least 1.");
    byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  }
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => a.productId.localeCompare(b.productId));
}

import { describe, expect, it } from "vitest";
import { adjustedStock, normalizeSearch, reservationLines, validateNewProduct, validateProductChanges } from "./product-rules.ts";

const product = { sku: " tee-001 ", name: " Tee ", description: "", priceCents: 1999, currency: "eur", category: " Apparel ", stock: 5 };

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    const extensions = (error as { extensions: Record<string, unknown> }).extensions;
    expect(extensions.code).toBe("BAD_USER_INPUT");
    return extensions.field;
  }
  return undefined;
}

describe("product rules", () => {
  it("normalises a new product", () => {
    expect(validateNewProduct(product)).toEqual({
      sku: "TEE-001",
      name: "Tee",
      description: null,
      priceCents: 1999,
      currency: "EUR",
      category: "Apparel",
      stock: 5,
    });
  });

  it("rejects bad product fields by name", () => {
    expect(fieldOf(() => validateNewProduct({ ...product, sku: "-bad" }))).toBe("sku");
    expect(fieldOf(() => validateNewProduct({ ...product, currency: "EURO" }))).toBe("currency");
    expect(fieldOf(() => validateNewProduct({ ...product, stock: -1 }))).toBe("stock");
    expect(fieldOf(() => validateNewProduct({ ...product, priceCents: -5 }))).toBe("priceCents");
    expect(fieldOf(() => validateNewProduct({ ...product, priceCents: 1.5 }))).toBe("priceCents");
    expect(fieldOf(() => validateNewProduct({ ...product, name: " " }))).toBe("name");
  });

  it("changes only the fields given", () => {
    expect(validateProductChanges({})).toEqual({});
    expect(validateProductChanges({ name: " New ", category: null, description: undefined })).toEqual({ name: "New", category: null });
    expect(fieldOf(() => validateProductChanges({ name: null }))).toBe("name");
    expect(fieldOf(() => validateProductChanges({ priceCents: null }))).toBe("priceCents");
  });

  it("never lets stock go below zero", () => {
    expect(adjustedStock(5, -5)).toBe(0);
    expect(adjustedStock(5, 3)).toBe(8);
    expect(fieldOf(() => adjustedStock(5, -6))).toBe("delta");
    expect(fieldOf(() => adjustedStock(0, 2_000_000))).toBe("delta");
  });

  it("merges and orders reservation lines", () => {
    expect(
      reservationLines([
        { productId: "b", quantity: 1 },
        { productId: "a", quantity: 2 },
        { productId: "b", quantity: 3 },
      ]),
    ).toEqual([
      { productId: "a", quantity: 2 },
      { productId: "b", quantity: 4 },
    ]);
    expect(fieldOf(() => reservationLines([]))).toBe("items");
    expect(fieldOf(() => reservationLines([{ productId: "a", quantity: 0 }]))).toBe("quantity");
  });

  it("treats a blank search as none", () => {
    expect(normalizeSearch("  ")).toBeNull();
    expect(normalizeSearch(" mug ")).toBe("mug");
    expect(fieldOf(() => normalizeSearch("x".repeat(101)))).toBe("search");
  });
});

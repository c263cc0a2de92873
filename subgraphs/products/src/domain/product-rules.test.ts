import { describe, expect, it } from "vitest";
import { extensionsOf } from "@shop/errors/testing";
import { adjustedStock, normalizeSearch, reservationLines, validateNewProduct, validateProductChanges } from "./product-rules.ts";

const product = { sku: " tee-001 ", name: " Tee ", description: "", priceCents: 1999, currency: "eur", category: " Apparel ", stock: 5 };

async function fieldOf(fn: () => unknown): Promise<unknown> {
  const extensions = await extensionsOf(fn);
  expect(extensions.code).toBe("BAD_USER_INPUT");
  return extensions.field;
}

describe("product rules", () => {
  it("normalises a new product", async () => {
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

  it("rejects bad product fields by name", async () => {
    expect(await fieldOf(() => validateNewProduct({ ...product, sku: "-bad" }))).toBe("sku");
    expect(await fieldOf(() => validateNewProduct({ ...product, currency: "EURO" }))).toBe("currency");
    expect(await fieldOf(() => validateNewProduct({ ...product, stock: -1 }))).toBe("stock");
    expect(await fieldOf(() => validateNewProduct({ ...product, priceCents: -5 }))).toBe("priceCents");
    expect(await fieldOf(() => validateNewProduct({ ...product, priceCents: 1.5 }))).toBe("priceCents");
    expect(await fieldOf(() => validateNewProduct({ ...product, name: " " }))).toBe("name");
  });

  it("changes only the fields given", async () => {
    expect(validateProductChanges({})).toEqual({});
    expect(validateProductChanges({ name: " New ", category: null, description: undefined })).toEqual({ name: "New", category: null });
    expect(await fieldOf(() => validateProductChanges({ name: null }))).toBe("name");
    expect(await fieldOf(() => validateProductChanges({ priceCents: null }))).toBe("priceCents");
  });

  it("never lets stock go below zero", async () => {
    expect(adjustedStock(5, -5)).toBe(0);
    expect(adjustedStock(5, 3)).toBe(8);
    expect(await fieldOf(() => adjustedStock(5, -6))).toBe("delta");
    expect(await fieldOf(() => adjustedStock(0, 2_000_000))).toBe("delta");
  });

  it("merges and orders reservation lines", async () => {
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
    expect(await fieldOf(() => reservationLines([]))).toBe("items");
    expect(await fieldOf(() => reservationLines([{ productId: "a", quantity: 0 }]))).toBe("quantity");
  });

  it("treats a blank search as none", async () => {
    expect(normalizeSearch("  ")).toBeNull();
    expect(normalizeSearch(" mug ")).toBe("mug");
    expect(await fieldOf(() => normalizeSearch("x".repeat(101)))).toBe("search");
  });
});

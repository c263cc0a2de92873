import { describe, expect, it } from "vitest";
import { auditStock, type StockSnapshot } from "./stock-audit.ts";

const snapshot = (stock: Record<string, number>, sold: Record<string, number>): StockSnapshot => ({
  stock: new Map(Object.entries(stock)),
  sold: new Map(Object.entries(sold)),
});

describe("auditStock", () => {
  it("finds nothing wrong when stock went down by what was sold", () => {
    const before = snapshot({ a: 5, b: 10, c: 0 }, { a: 1 });
    const after = snapshot({ a: 0, b: 7, c: 0 }, { a: 6, b: 3 });
    expect(auditStock(before, after)).toEqual({ oversoldUnits: 0, oversoldProducts: 0, negativeStockProducts: 0, unitsSold: 8, unaccountedUnits: 0 });
  });

  it("counts units sold beyond the stock there was, and stock below zero", () => {
    const before = snapshot({ a: 2, b: 1 }, {});
    const after = snapshot({ a: -1, b: 1 }, { a: 3, b: 2 });
    expect(auditStock(before, after)).toEqual({ oversoldUnits: 2, oversoldProducts: 2, negativeStockProducts: 1, unitsSold: 5, unaccountedUnits: 2 });
  });

  it("sees stock not yet given back for a cancelled order as unaccounted", () => {
    const before = snapshot({ a: 4 }, { a: 6 });
    // An order of 2 units was cancelled (sold went down) but its stock is not back yet.
    expect(auditStock(before, snapshot({ a: 4 }, { a: 4 })).unaccountedUnits).toBe(2);
    expect(auditStock(before, snapshot({ a: 6 }, { a: 4 }))).toMatchObject({ unitsSold: -2, unaccountedUnits: 0, oversoldUnits: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { drawTable, wrap } from "./table.ts";

describe("drawTable", () => {
  it("draws boxed columns as wide as their content, wrapping long cells", () => {
    const table = drawTable(
      [
        { header: "Result", maxWidth: 6 },
        { header: "Description", maxWidth: 20 },
      ],
      [
        ["FAIL", "Field 'sku' was removed from object type 'Product'"],
        ["PASS", "ok"],
      ],
    );
    expect(table).toBe(
      [
        "┌────────┬─────────────────────┐",
        "│ Result │ Description         │",
        "├────────┼─────────────────────┤",
        "│ FAIL   │ Field 'sku' was     │",
        "│        │ removed from object │",
        "│        │ type 'Product'      │",
        "│ PASS   │ ok                  │",
        "└────────┴─────────────────────┘",
      ].join("\n"),
    );
  });
});

describe("wrap", () => {
  it("breaks at spaces, cuts words longer than the width, and keeps an empty cell one line high", () => {
    expect(wrap("a bb ccc", 4)).toEqual(["a bb", "ccc"]);
    expect(wrap("ROOT_FIELD_DESCRIPTION_MISSING x", 12)).toEqual(["ROOT_FIELD_D", "ESCRIPTION_M", "ISSING x"]);
    expect(wrap("", 5)).toEqual([""]);
  });
});

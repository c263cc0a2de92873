import { describe, expect, it } from "vitest";
import { changelogEntry } from "./changelog.ts";
import { checkSchema } from "./check.ts";
import { checkInputFor, edited, SUBGRAPHS } from "./testing.ts";

const PUBLISHED_AT = new Date("2026-11-25T18:30:00Z");
const NO_OPERATION_CHANGES = { added: [], removed: [], changed: [] };

describe("changelogEntry", () => {
  it("records every change with its level, and who approved a breaking one and why", async () => {
    const candidate = edited("catalog", "  weightGrams: Int\n", "  weightKilograms: Float\n");
    const approvals = [{ code: "FIELD_REMOVED", coordinate: "Product.weightGrams", reason: "Nobody reads it.", approvedBy: "alice" }];
    const { report } = await checkSchema(checkInputFor(candidate, { approvals }));
    expect(changelogEntry(report, { added: ["ProductWeight"], removed: ["Legacy"], changed: ["Catalogue"] }, PUBLISHED_AT)).toBe(
      [
        "## 2026-11-25 18:30 UTC",
        "",
        "API changes:",
        "- BREAKING `FIELD_REMOVED` `Product.weightGrams` (catalog): Field 'weightGrams' was removed from object type 'Product'. Approved by alice: Nobody reads it.",
        "- SAFE `FIELD_ADDED` `Product.weightKilograms` (catalog): Field 'weightKilograms' was added to object type 'Product'",
        "",
        "Registered operations: added `ProductWeight`; removed `Legacy`; changed `Catalogue`.",
        "",
      ].join("\n"),
    );
  });

  it("says so when neither the API nor the operations changed", async () => {
    const { report } = await checkSchema(checkInputFor(SUBGRAPHS));
    expect(changelogEntry(report, NO_OPERATION_CHANGES, PUBLISHED_AT)).toBe(
      "## 2026-11-25 18:30 UTC\n\nAPI changes: none.\n\nRegistered operations: unchanged.\n",
    );
  });
});

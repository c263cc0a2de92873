import { describe, expect, it } from "vitest";
import { checkSchema } from "./check.ts";
import { formatMarkdown, formatTable, summaryOf } from "./report.ts";
import { checkInputFor, edited, SUBGRAPHS } from "./testing.ts";

describe("the report", () => {
  it("says in one line that an unchanged schema passes, and that there is nothing else to report", async () => {
    const { report } = await checkSchema(checkInputFor(SUBGRAPHS));
    expect(summaryOf(report)).toBe("2 subgraphs, 3 registered operations checked; API changes: 0 breaking, 0 dangerous, 0 safe; 0 failures, 0 warnings.");
    expect(formatTable(report)).toBe(`Schema check PASS: ${summaryOf(report)}\nNothing to report: the API is unchanged, every registered operation validates, the SDL is lint-clean.`);
    expect(formatMarkdown(report)).toBe(`### Schema check PASS\n\n${summaryOf(report)}\n`);
  });

  it("lists each finding with its result, check, code, subgraph and description", async () => {
    const { report } = await checkSchema(checkInputFor(edited("catalog", / {2}sku: String!\n {2}legacyCode: .*\n/, "  sku: String! @deprecated\n")));
    const table = formatTable(report);
    expect(table).toMatch(/^Schema check FAIL: 2 subgraphs, 3 registered operations checked; API changes: 0 breaking, 1 dangerous, 1 safe; 1 failure, 1 warning\.\n┌/);
    expect(table).toMatch(/│ Result │ Check +│ Code +│ Subgraph │ Description +│/);
    expect(table).toMatch(/│ WARN {3}│ change +│ FIELD_REMOVED +│ catalog +│ Field 'legacyCode' \(deprecated\) was removed from object type 'Product' +│/);
    expect(table).toMatch(/│ PASS {3}│ change +│ FIELD_DEPRECATION_ADDED +│ catalog +│ Field 'Product.sku' is deprecated +│/);
    expect(table).toMatch(/│ FAIL {3}│ lint +│ DEPRECATION_REASON_MISSING +│ catalog +│ Product.sku is @deprecated without a reason; say what to use instead. +│/);

    const markdown = formatMarkdown(report);
    expect(markdown).toContain("| Result | Check | Code | Subgraph | Description |\n| --- | --- | --- | --- | --- |\n");
    expect(markdown).toContain("| **FAIL** | lint | `DEPRECATION_REASON_MISSING` | catalog | Product.sku is @deprecated without a reason; say what to use instead. |");
  });

  it("escapes table syntax in Markdown cells and says when there was nothing to compare with", async () => {
    const { report } = await checkSchema(checkInputFor(edited("reviews", "type Review {", "type Review | {")));
    expect(summaryOf(report)).toContain("no API diff (no published supergraph, or composition failed)");
    expect(formatMarkdown(report)).toMatch(/\| \*\*FAIL\*\* \| composition \| `INVALID_GRAPHQL` \| reviews \| \[reviews\] Syntax Error: .*"\\\|"/);
  });
});

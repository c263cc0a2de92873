import { describe, expect, it } from "vitest";
import { checkSchema, type ReportRow } from "./check.ts";
import { DEFAULT_REGISTRY_CONFIG } from "./config.ts";
import { checkInputFor, edited, SUBGRAPHS } from "./testing.ts";

const APPROVAL = { code: "FIELD_REMOVED", coordinate: "Product.weightGrams", reason: "The warehouse app reads weights elsewhere now.", approvedBy: "alice" };

function rowsOf(rows: ReportRow[], check: ReportRow["check"]) {
  return rows.filter((row) => row.check === check);
}

describe("checkSchema", () => {
  it("passes an unchanged schema with nothing to report", async () => {
    const { report, supergraphSdl } = await checkSchema(checkInputFor(SUBGRAPHS));
    expect(report).toMatchObject({ passed: true, comparedWithPublished: true, operationsChecked: 3, rows: [] });
    expect(supergraphSdl).toContain("join__Graph");
  });

  it("fails the removal of a field a registered operation uses, naming the field, the subgraph and the operation", async () => {
    const { report } = await checkSchema(checkInputFor(edited("catalog", "  sku: String!\n", "")));
    expect(report.passed).toBe(false);
    expect(rowsOf(report.rows, "change")).toEqual([
      expect.objectContaining({
        verdict: "FAIL",
        code: "FIELD_REMOVED",
        level: "BREAKING",
        coordinate: "Product.sku",
        subgraphs: ["catalog"],
        operations: ["ProductPage"],
        description: expect.stringMatching(/Field 'sku' was removed from object type 'Product'.*Used by ProductPage/),
      }),
    ]);
    expect(rowsOf(report.rows, "operation")).toEqual([
      expect.objectContaining({
        verdict: "FAIL",
        code: "OPERATION_INVALID",
        subgraphs: ["catalog"],
        operations: ["ProductPage"],
        description: expect.stringContaining('ProductPage (operations/product-page.graphql) does not validate: Cannot query field "sku" on type "Product".'),
      }),
    ]);
  });

  it("passes the removal of an unused field that was deprecated, with a DANGEROUS warning", async () => {
    const { report } = await checkSchema(checkInputFor(edited("catalog", / {2}legacyCode: .*\n/, "")));
    expect(report.passed).toBe(true);
    expect(report.rows).toEqual([
      expect.objectContaining({ verdict: "WARN", check: "change", code: "FIELD_REMOVED", level: "DANGEROUS", coordinate: "Product.legacyCode", subgraphs: ["catalog"] }),
    ]);
    expect(report.counts).toMatchObject({ FAIL: 0, WARN: 1, DANGEROUS: 1 });
  });

  it("fails a change that stops composition with the error and the subgraphs involved, and checks nothing that needs a supergraph", async () => {
    const { report, supergraphSdl } = await checkSchema(checkInputFor(edited("reviews", "  endCursor: String", "  endCursor: Int")));
    expect(report.passed).toBe(false);
    expect(supergraphSdl).toBeNull();
    expect(report.rows).toEqual([
      expect.objectContaining({
        verdict: "FAIL",
        check: "composition",
        code: "FIELD_TYPE_MISMATCH",
        subgraphs: ["catalog", "reviews"],
        description: expect.stringContaining('Type of field "PageInfo.endCursor" is incompatible across subgraphs'),
      }),
    ]);
    expect(report).toMatchObject({ comparedWithPublished: false, operationsChecked: 0 });
  });

  it("fails a required argument added to an existing field, and passes an optional one as SAFE", async () => {
    const required = (await checkSchema(checkInputFor(edited("catalog", "product(id: ID!)", "product(id: ID!, locale: String!)")))).report;
    expect(required.passed).toBe(false);
    expect(rowsOf(required.rows, "change")).toEqual([
      expect.objectContaining({ verdict: "FAIL", code: "FIELD_ARGUMENT_ADDED", level: "BREAKING", coordinate: "Query.product.locale", operations: ["ProductPage"] }),
    ]);

    const optional = (await checkSchema(checkInputFor(edited("catalog", "product(id: ID!)", "product(id: ID!, locale: String)")))).report;
    expect(optional.passed).toBe(true);
    expect(optional.rows).toEqual([
      expect.objectContaining({ verdict: "PASS", code: "FIELD_ARGUMENT_ADDED", level: "SAFE", coordinate: "Query.product.locale", subgraphs: ["catalog"] }),
    ]);
  });

  it("fails a required input field and a removed enum value, reaching the operations that send or read them", async () => {
    const candidate = edited("catalog", "  search: String\n", "  search: String\n  category: String!\n").map((subgraph) =>
      subgraph.name === "catalog" ? { ...subgraph, sdl: subgraph.sdl.replace("  ARCHIVED\n", "") } : subgraph,
    );
    const { report } = await checkSchema(checkInputFor(candidate));
    expect(rowsOf(report.rows, "change").map((row) => [row.verdict, row.code, row.coordinate, row.operations])).toEqual([
      ["FAIL", "INPUT_FIELD_ADDED", "ProductFilter.category", ["Catalogue"]],
      ["FAIL", "ENUM_VALUE_REMOVED", "ProductStatus.ARCHIVED", ["Catalogue"]],
    ]);
  });

  it("passes a breaking change a reviewer approved, and says who approved it", async () => {
    const candidate = edited("catalog", "  weightGrams: Int\n", "");
    expect((await checkSchema(checkInputFor(candidate))).report.passed).toBe(false);

    const { report } = await checkSchema(checkInputFor(candidate, { approvals: [APPROVAL] }));
    expect(report.passed).toBe(true);
    expect(report.rows).toEqual([
      expect.objectContaining({
        verdict: "PASS",
        code: "FIELD_REMOVED",
        level: "BREAKING",
        approval: APPROVAL,
        description: expect.stringContaining("Approved by alice: The warehouse app reads weights elsewhere now."),
      }),
    ]);
  });

  it("still fails an approved change when a registered operation no longer validates", async () => {
    const approval = { ...APPROVAL, coordinate: "Product.sku" };
    const { report } = await checkSchema(checkInputFor(edited("catalog", "  sku: String!\n", ""), { approvals: [approval] }));
    expect(report.passed).toBe(false);
    expect(report.rows.map((row) => [row.verdict, row.code])).toEqual([
      ["PASS", "FIELD_REMOVED"],
      ["FAIL", "OPERATION_INVALID"],
    ]);
  });

  it("only warns about a breaking change no registered operation uses when usage-aware", async () => {
    const config = { ...DEFAULT_REGISTRY_CONFIG, usageAware: true };
    const unused = (await checkSchema(checkInputFor(edited("catalog", "  weightGrams: Int\n", ""), { config }))).report;
    expect(unused.passed).toBe(true);
    expect(unused.rows).toEqual([
      expect.objectContaining({ verdict: "WARN", level: "BREAKING", description: expect.stringContaining("No registered operation uses it") }),
    ]);

    const used = (await checkSchema(checkInputFor(edited("catalog", "  name: String!\n", "  name: String\n"), { config }))).report;
    expect(used.passed).toBe(false);
    expect(used.rows).toEqual([
      expect.objectContaining({ verdict: "FAIL", code: "FIELD_TYPE_CHANGED", operations: ["ProductPage", "Catalogue", "Rename"] }),
    ]);
  });

  it("reports lint issues at the configured level, and none for rules turned off", async () => {
    const candidate = edited("reviews", '  "The latest reviews, newest first."\n', "");
    const failing = (await checkSchema(checkInputFor(candidate))).report;
    expect(failing.passed).toBe(false);
    expect(rowsOf(failing.rows, "lint")).toEqual([
      expect.objectContaining({ verdict: "FAIL", code: "ROOT_FIELD_DESCRIPTION_MISSING", subgraphs: ["reviews"], coordinate: "Query.latestReviews" }),
    ]);

    const lint = (level: "warn" | "off") => ({ ...DEFAULT_REGISTRY_CONFIG, lint: { ...DEFAULT_REGISTRY_CONFIG.lint, ROOT_FIELD_DESCRIPTION_MISSING: level } });
    const warning = (await checkSchema(checkInputFor(candidate, { config: lint("warn") }))).report;
    expect([warning.passed, rowsOf(warning.rows, "lint").map((row) => row.verdict)]).toEqual([true, ["WARN"]]);
    const off = (await checkSchema(checkInputFor(candidate, { config: lint("off") }))).report;
    expect(rowsOf(off.rows, "lint")).toEqual([]);
  });

  it("fails registered documents that cannot be used", async () => {
    const operations = [
      { file: "broken.graphql", source: "query Broken {" },
      { file: "anonymous.graphql", source: "{ latestReviews { id } }" },
      { file: "again.graphql", source: "mutation Rename { renameProduct(id: 1, name: \"x\") { id } }" },
      { file: "first.graphql", source: "mutation Rename($id: ID!) { renameProduct(id: $id, name: \"x\") { id } }" },
    ];
    const { report } = await checkSchema(checkInputFor(SUBGRAPHS, { operations }));
    expect(report.rows.map((row) => [row.verdict, row.code])).toEqual([
      ["FAIL", "OPERATION_SYNTAX_ERROR"],
      ["FAIL", "OPERATION_UNNAMED"],
      ["FAIL", "OPERATION_NAME_DUPLICATED"],
    ]);
  });

  it("fails when the files publishing writes are out of date, and lists approvals that match no change", async () => {
    const { persistedQueryManifest, supergraphSdl } = await checkSchema(checkInputFor(SUBGRAPHS));
    const current = { persistedQueryManifest, supergraphSdl, subgraphs: SUBGRAPHS };
    expect((await checkSchema(checkInputFor(SUBGRAPHS, { committed: current }))).report.passed).toBe(true);

    const stale = { persistedQueryManifest: null, supergraphSdl: "old", subgraphs: [SUBGRAPHS[0]!, { name: "legacy", sdl: "type Query { a: Int }" }] };
    const { report } = await checkSchema(checkInputFor(SUBGRAPHS, { committed: stale, approvals: [APPROVAL] }));
    expect(report.passed).toBe(false);
    expect(report.rows.map((row) => [row.verdict, row.check, row.code, row.subgraphs])).toEqual([
      ["FAIL", "registry", "REGISTRY_OUTDATED", []],
      ["FAIL", "registry", "REGISTRY_OUTDATED", []],
      ["FAIL", "registry", "REGISTRY_OUTDATED", ["legacy"]],
      ["FAIL", "registry", "REGISTRY_OUTDATED", ["reviews"]],
      ["PASS", "approval", "APPROVAL_UNUSED", []],
    ]);
  });

  it("compares nothing before the first publication", async () => {
    const { report } = await checkSchema(checkInputFor(edited("catalog", "  sku: String!\n", ""), { published: { supergraphSdl: null, subgraphs: [] } }));
    expect(report.comparedWithPublished).toBe(false);
    expect(rowsOf(report.rows, "change")).toEqual([]);
    expect(rowsOf(report.rows, "operation")).toEqual([expect.objectContaining({ code: "OPERATION_INVALID", subgraphs: [] })]);
  });
});

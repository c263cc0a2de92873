// `npm run schema:check` and `npm run schema:publish` over the registry in schema/: on this
// repository, and on a copy of it in a temporary directory that the tests change.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBGRAPHS } from "@shop/config";
import { checkRepository, gitRevision, publishRepository, REGISTRY } from "@shop/schema-registry";
import { registryRepository, ROOT, subgraphSdlPath } from "../../scripts/supergraph.ts";

describe("npm run schema:check", () => {
  it("passes on this repository", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/schema-check.ts", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: true, baseline: null, subgraphs: Object.keys(SUBGRAPHS) });
    expect(report.operationsChecked).toBeGreaterThanOrEqual(16);
  });
});

describe("gitRevision", () => {
  it("reads files and directories at a revision, and refuses one that does not exist", () => {
    const head = gitRevision(ROOT, "HEAD");
    expect(head.read("schema/contract.graphql")).toContain("type Query");
    expect(head.read("schema/no-such-file")).toBeNull();
    expect(head.list("schema", ".graphql")).toEqual(expect.arrayContaining(["contract.graphql", "supergraph.graphql"]));
    expect(head.list("no-such-directory", ".graphql")).toEqual([]);
    expect(() => gitRevision(ROOT, "no-such-branch")).toThrow("no-such-branch is not a git revision here");
  });
});

describe("a change to a copy of the repository", () => {
  let root: string;
  const productsSdl = () => join(root, "subgraphs/products/src/schema.graphql");
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const editProducts = (search: string, replacement: string) => {
    const sdl = readFileSync(productsSdl(), "utf8");
    expect(sdl).toContain(search);
    writeFileSync(productsSdl(), sdl.replace(search, replacement));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "schema-registry-"));
    cpSync(join(ROOT, "schema"), join(root, "schema"), { recursive: true });
    for (const name of Object.keys(SUBGRAPHS) as (keyof typeof SUBGRAPHS)[]) {
      mkdirSync(join(root, `subgraphs/${name}/src`), { recursive: true });
      cpSync(subgraphSdlPath(name), subgraphSdlPath(name, root));
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("publishes a safe change and records it in the changelog", async () => {
    editProducts("  stock: Int!\n", "  stock: Int!\n  weightGrams: Int\n");
    const result = await publishRepository(registryRepository(root), { now: new Date("2026-12-01T10:00:00Z") });
    expect(result.status).toBe("published");
    expect(result.status === "published" && result.files).toEqual([`${REGISTRY.subgraphs}/products.graphql`, REGISTRY.supergraph, REGISTRY.changelog]);
    expect(read(REGISTRY.supergraph)).toContain("weightGrams: Int");
    expect(read(REGISTRY.changelog)).toMatch(
      /## 2026-12-01 10:00 UTC\n\nAPI changes:\n- SAFE `FIELD_ADDED` `Product.weightGrams` \(products\): Field 'weightGrams' was added to object type 'Product'\n\nRegistered operations: unchanged\.\n$/,
    );
    expect((await publishRepository(registryRepository(root))).status).toBe("unchanged");
  });

  it("fails the removal of a field a registered operation uses, and refuses to publish it", async () => {
    editProducts("  sku: String!\n", "");
    const { report } = await checkRepository(registryRepository(root));
    expect(report.passed).toBe(false);
    expect(report.rows).toContainEqual(
      expect.objectContaining({ verdict: "FAIL", code: "FIELD_REMOVED", coordinate: "Product.sku", subgraphs: ["products"], operations: ["Catalogue", "CreateProduct", "Order", "Product"] }),
    );
    const before = read(REGISTRY.changelog);
    expect((await publishRepository(registryRepository(root))).status).toBe("refused");
    expect(read(REGISTRY.changelog)).toBe(before);
    editProducts("  name: String!\n", "  sku: String!\n  name: String!\n");
  });

  it("publishes an approved breaking change and records the approval in the changelog", async () => {
    editProducts("  weightGrams: Int\n", "");
    expect((await checkRepository(registryRepository(root))).report.passed).toBe(false);

    const approval = { code: "FIELD_REMOVED", coordinate: "Product.weightGrams", reason: "Never shipped to a client.", approvedBy: "reviewer" };
    writeFileSync(join(root, REGISTRY.approvals), JSON.stringify([approval]));
    expect((await checkRepository(registryRepository(root))).report.passed).toBe(true);
    expect((await publishRepository(registryRepository(root), { now: new Date("2026-12-02T09:30:00Z") })).status).toBe("published");
    expect(read(REGISTRY.changelog)).toContain(
      "## 2026-12-02 09:30 UTC\n\nAPI changes:\n- BREAKING `FIELD_REMOVED` `Product.weightGrams` (products): Field 'weightGrams' was removed from object type 'Product'. Approved by reviewer: Never shipped to a client.\n",
    );
  });

  it("fails while the persisted query manifest is not the registered operations', until published", async () => {
    writeFileSync(join(root, REGISTRY.operations, "stock.graphql"), "query Stock($id: ID!) { product(id: $id) { id stock } }\n");
    const { report } = await checkRepository(registryRepository(root));
    expect(report.rows).toEqual([expect.objectContaining({ verdict: "FAIL", code: "REGISTRY_OUTDATED" }), expect.objectContaining({ code: "APPROVAL_UNUSED" })]);
    expect((await publishRepository(registryRepository(root))).status).toBe("published");
    expect(read(REGISTRY.changelog)).toMatch(/Registered operations: added `Stock`\.\n$/);
    expect((await checkRepository(registryRepository(root))).report.passed).toBe(true);
  });
});

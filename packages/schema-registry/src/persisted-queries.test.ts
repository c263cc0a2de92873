import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  buildPersistedQueryManifest,
  compareManifests,
  parsePersistedQueryManifest,
  persistedQueryId,
  printPersistedQueryManifest,
} from "./persisted-queries.ts";

const CATEGORIES = { name: "Categories", type: "query" as const, body: "query Categories {\n  categories\n}" };
const LOGIN = { name: "Login", type: "mutation" as const, body: "mutation Login {\n  login {\n    token\n  }\n}" };

describe("the persisted query manifest", () => {
  it("identifies an operation by the sha256 of its body, as Apollo Client and Apollo Server do", () => {
    expect(persistedQueryId(CATEGORIES.body)).toBe(createHash("sha256").update(CATEGORIES.body, "utf8").digest("hex"));
    // The example of Apollo Server's automatic persisted queries documentation.
    expect(persistedQueryId("{__typename}")).toBe("ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38");
  });

  it("is Apollo's format, ordered by name, and reads back as written", () => {
    const manifest = buildPersistedQueryManifest([LOGIN, CATEGORIES]);
    expect(manifest).toEqual({
      format: "apollo-persisted-query-manifest",
      version: 1,
      operations: [
        { id: persistedQueryId(CATEGORIES.body), ...CATEGORIES },
        { id: persistedQueryId(LOGIN.body), ...LOGIN },
      ],
    });
    const text = printPersistedQueryManifest(manifest);
    expect(text.endsWith("}\n")).toBe(true);
    expect(parsePersistedQueryManifest(text)).toEqual(manifest);
  });

  it("refuses a file that is not a manifest, or whose ids are not the hashes of their bodies", () => {
    expect(() => parsePersistedQueryManifest('{ "operations": [] }')).toThrow("Not an apollo-persisted-query-manifest");
    const tampered = buildPersistedQueryManifest([CATEGORIES]);
    tampered.operations[0]!.body = "query Categories { categories __schema { types { name } } }";
    expect(() => parsePersistedQueryManifest(JSON.stringify(tampered))).toThrow('operation "Categories" is malformed or its id is not the sha256 of its body');
  });

  it("tells which operations a new manifest adds, removes and changes", () => {
    const before = buildPersistedQueryManifest([CATEGORIES, LOGIN]);
    const after = buildPersistedQueryManifest([{ ...LOGIN, body: "mutation Login {\n  login {\n    token\n    expiresAt\n  }\n}" }, { ...CATEGORIES, name: "AllCategories" }]);
    expect(compareManifests(before, after)).toEqual({ added: ["AllCategories"], removed: ["Categories"], changed: ["Login"] });
    expect(compareManifests(null, before)).toEqual({ added: ["Categories", "Login"], removed: [], changed: [] });
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundedOperationName, loadRegisteredOperationNames } from "./operation-names.ts";

describe("boundedOperationName", () => {
  const label = boundedOperationName(new Set(["PlaceOrder", "Me"]));

  it("keeps registered names and reduces the gateway's fetch names to the client's", () => {
    expect(label("PlaceOrder")).toBe("PlaceOrder");
    expect(label("PlaceOrder__products__1")).toBe("PlaceOrder");
    expect(label("Me__users__0")).toBe("Me");
  });

  it("puts every other name into unknown, and no name into anonymous", () => {
    expect(label("Whatever")).toBe("unknown");
    expect(label("Whatever__users__0")).toBe("unknown");
    expect(label("PlaceOrder__")).toBe("unknown");
    expect(label(undefined)).toBe("anonymous");
    expect(label(null)).toBe("anonymous");
    expect(label("")).toBe("anonymous");
  });
});

describe("loadRegisteredOperationNames", () => {
  it("reads the names of a persisted query manifest", () => {
    const path = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.json");
    writeFileSync(path, JSON.stringify({ operations: [{ name: "A" }, { name: "B" }, {}] }));
    expect(loadRegisteredOperationNames(path)).toEqual(new Set(["A", "B"]));
  });

  it("finds the repository's manifest with the operations clients use", () => {
    const names = loadRegisteredOperationNames(new URL("../../../schema/persisted-query-manifest.json", import.meta.url).pathname);
    expect(names).toContain("PlaceOrder");
    expect(names).toContain("NotificationAdded");
  });
});

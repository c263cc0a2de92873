import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@shop/config";
import { serveStorefront } from "./storefront.ts";

describe("serveStorefront", () => {
  it("refuses, naming STOREFRONT_DIR and the fix, a folder with no built storefront", () => {
    const empty = mkdtempSync(join(tmpdir(), "storefront-"));
    expect(() => serveStorefront(empty)).toThrow(ConfigError);
    expect(() => serveStorefront(empty)).toThrow(/STOREFRONT_DIR=.* has no index.html: build it with `npm run build -w examples\/storefront`/);
  });

  it("serves a built one", () => {
    const built = mkdtempSync(join(tmpdir(), "storefront-"));
    writeFileSync(join(built, "index.html"), "<!doctype html>");
    expect(serveStorefront(built)).toHaveLength(1);
  });
});

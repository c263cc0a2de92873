// The README and docs/ link into each other and into the code; a moved file or a renamed
// heading must not leave a link that leads nowhere.
import { describe, expect, it } from "vitest";
import { brokenLink, headingAnchors, markdownPages, relativeLinks } from "./support/doc-links.ts";

describe("documentation links", () => {
  const pages = markdownPages();

  it("resolve, in README.md and every page of docs/, to a file and heading that exist", () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(page).flatMap((target) => {
        const reason = brokenLink(page, target);
        return reason ? [`${page}: (${target}) ${reason}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("lead from the README to every page of docs/ in one click", () => {
    const linked = new Set(relativeLinks("README.md").map((target) => target.split("#")[0]));
    expect(pages.filter((page) => page.startsWith("docs/") && !linked.has(page))).toEqual([]);
  });

  it("are recognised as GitHub writes heading anchors", () => {
    expect([...headingAnchors("README.md")]).toEqual(expect.arrayContaining(["two-commands", "five-minute-tour"]));
    expect([...headingAnchors("docs/schema-registry.md")]).toContain("changing-a-subgraphs-schema");
  });
});

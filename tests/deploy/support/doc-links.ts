// The relative links of the project's Markdown, and whether each one leads somewhere: the
// file exists and, for `file.md#heading`, so does the heading (slugged as GitHub does it).
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { read, root } from "./compose.ts";

/** README.md and every page under docs/, as paths from the repository root. */
export function markdownPages(): string[] {
  return ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
}

/** Text outside fenced blocks and inline code spans, where a `[x](y)` is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The targets of a page's links that stay inside the repository (no scheme such as https:). */
export function relativeLinks(page: string): string[] {
  const targets = [...prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingAnchors(page: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of prose(read(page)).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = heading!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    let anchor = slug;
    for (let repeat = 1; anchors.has(anchor); repeat++) anchor = `${slug}-${repeat}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Why a link of `page` leads nowhere, or undefined when it resolves. */
export function brokenLink(page: string, target: string): string | undefined {
  const [path, anchor] = target.split("#", 2) as [string, string | undefined];
  const file = path === "" ? page : normalize(join(dirname(page), decodeURIComponent(path)));
  if (file.startsWith("..") || !existsSync(join(root, file))) return `${file} does not exist`;
  if (anchor !== undefined && file.endsWith(".md") && !headingAnchors(file).has(anchor)) return `${file} has no heading #${anchor}`;
  return undefined;
}

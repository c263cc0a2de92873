import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";

/** Reads a subgraph's SDL file once at start; the .graphql file is the single source of its schema. */
export function loadTypeDefs(fileUrl: URL): DocumentNode {
  return parse(readFileSync(fileUrl, "utf8"));
}

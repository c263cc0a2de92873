// An entry of the registry's changelog, written when a candidate is published.
import type { CheckReport } from "./check.ts";

export interface OperationChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Markdown: the date, every API change with its level (and approval), and the registered operations that changed. */
export function changelogEntry(report: CheckReport, operations: OperationChanges, publishedAt: Date): string {
  const changes = report.rows.filter((row) => row.check === "change");
  const lines = [`## ${publishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`, ""];
  if (changes.length === 0) {
    lines.push("API changes: none.");
  } else {
    lines.push("API changes:");
    for (const change of changes) {
      const subgraphs = change.subgraphs.length > 0 ? ` (${change.subgraphs.join(", ")})` : "";
      lines.push(`- ${change.level} \`${change.code}\` \`${change.coordinate}\`${subgraphs}: ${change.description}`);
    }
  }
  const names = (list: string[]) => list.map((name) => `\`${name}\``).join(", ");
  const operationNotes = [
    operations.added.length > 0 ? `added ${names(operations.added)}` : "",
    operations.removed.length > 0 ? `removed ${names(operations.removed)}` : "",
    operations.changed.length > 0 ? `changed ${names(operations.changed)}` : "",
  ].filter(Boolean);
  lines.push("", `Registered operations: ${operationNotes.length > 0 ? operationNotes.join("; ") : "unchanged"}.`);
  return `${lines.join("\n")}\n`;
}

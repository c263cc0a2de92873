// The check's report for people: a table for the terminal, Markdown for a CI job summary.
import type { CheckReport, ReportRow } from "./check.ts";
import { drawTable, type Column } from "./table.ts";

const COLUMNS: Column[] = [
  { header: "Result", maxWidth: 6 },
  { header: "Check", maxWidth: 11 },
  { header: "Code", maxWidth: 30 },
  { header: "Subgraph", maxWidth: 16 },
  { header: "Description", maxWidth: 72 },
];

function cellsOf(row: ReportRow): string[] {
  return [row.verdict, row.check, row.code, row.subgraphs.join(", ") || "-", row.description];
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** What was checked and found, in one line. */
export function summaryOf(report: CheckReport): string {
  const { counts } = report;
  const compared = report.comparedWithPublished
    ? `API changes: ${counts.BREAKING} breaking, ${counts.DANGEROUS} dangerous, ${counts.SAFE} safe`
    : "no API diff (no published supergraph, or composition failed)";
  return `${plural(report.subgraphs.length, "subgraph")}, ${plural(report.operationsChecked, "registered operation")} checked; ${compared}; ${plural(counts.FAIL, "failure")}, ${plural(counts.WARN, "warning")}.`;
}

function verdictOf(report: CheckReport): string {
  return `Schema check ${report.passed ? "PASS" : "FAIL"}`;
}

export function formatTable(report: CheckReport): string {
  const headline = `${verdictOf(report)}: ${summaryOf(report)}`;
  if (report.rows.length === 0) return `${headline}\nNothing to report: the API is unchanged, every registered operation validates, the SDL is lint-clean.`;
  return `${headline}\n${drawTable(COLUMNS, report.rows.map(cellsOf))}`;
}

export function formatMarkdown(report: CheckReport): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
  const lines = [`### ${verdictOf(report)}`, "", summaryOf(report)];
  if (report.rows.length > 0) {
    lines.push("", `| ${COLUMNS.map((column) => column.header).join(" | ")} |`, `|${COLUMNS.map(() => " --- |").join("")}`);
    for (const row of report.rows) {
      const [verdict, check, code, subgraphs, description] = cellsOf(row).map(escape);
      lines.push(`| ${row.verdict === "PASS" ? verdict : `**${verdict}**`} | ${check} | \`${code}\` | ${subgraphs} | ${description} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

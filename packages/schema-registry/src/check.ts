// The schema check: a candidate set of subgraphs against the published state, the way
// `rover subgraph check` or `hive schema:check` judge it.
import type { GraphQLSchema } from "graphql";
import { approvalFor, type Approval } from "./approvals.ts";
import { apiSchemaOf, composeSubgraphs } from "./compose.ts";
import type { RegistryConfig } from "./config.ts";
import { diffApiSchemas, type ChangeLevel, type SchemaChange } from "./diff.ts";
import { lintSubgraph } from "./lint.ts";
import { coordinatesUsedBy, isAffected, readOperations, validateOperation, type OperationDocument, type RegisteredOperation } from "./operations.ts";
import { buildPersistedQueryManifest, printPersistedQueryManifest } from "./persisted-queries.ts";
import { changeAttribution, type CandidateSubgraph, type SubgraphSchema } from "./subgraphs.ts";
import { compareText } from "./text.ts";

export interface PublishedState {
  /** null before the first publication: there is nothing to compare with. */
  supergraphSdl: string | null;
  subgraphs: SubgraphSchema[];
}

export interface CheckInput {
  published: PublishedState;
  candidate: CandidateSubgraph[];
  operations: OperationDocument[];
  approvals: Approval[];
  config: RegistryConfig;
  /** Files publishing writes, as they are now; each one given must equal what publishing would write. */
  committed?: { persistedQueryManifest?: string | null; supergraphSdl?: string | null; subgraphs?: SubgraphSchema[] };
}

export type Verdict = "PASS" | "WARN" | "FAIL";
export type CheckKind = "composition" | "change" | "operation" | "lint" | "registry" | "approval";

/** One line of the report: a composition message, an API change, an operation, a lint issue, ... */
export interface ReportRow {
  verdict: Verdict;
  check: CheckKind;
  code: string;
  subgraphs: string[];
  coordinate: string | null;
  description: string;
  /** Registered operations the row is about (for a breaking or dangerous change: those it reaches). */
  operations: string[];
  /** For an API change. */
  level?: ChangeLevel;
  approval?: Approval;
}

export interface CheckReport {
  passed: boolean;
  subgraphs: string[];
  /** False when there was no published supergraph to compare with, or composition failed. */
  comparedWithPublished: boolean;
  operationsChecked: number;
  counts: Record<Verdict, number> & Record<ChangeLevel, number>;
  rows: ReportRow[];
}

export interface CheckOutcome {
  report: CheckReport;
  /** What publishing writes; null when composition failed. */
  supergraphSdl: string | null;
  persistedQueryManifest: string;
}

const VERDICT_ORDER: Record<Verdict, number> = { FAIL: 0, WARN: 1, PASS: 2 };
const CHECK_ORDER: CheckKind[] = ["composition", "change", "operation", "lint", "registry", "approval"];

export async function checkSchema(input: CheckInput): Promise<CheckOutcome> {
  const composition = composeSubgraphs(input.candidate);
  const rows: ReportRow[] = composition.ok ? composition.hints.map((hint) => compositionRow("WARN", hint)) : composition.errors.map((error) => compositionRow("FAIL", error));

  const { operations, problems } = readOperations(input.operations);
  rows.push(...problems.map((problem) => row("FAIL", "operation", problem.code, problem.message)));
  const persistedQueryManifest = printPersistedQueryManifest(buildPersistedQueryManifest(operations));

  const published = input.published.supergraphSdl === null ? null : apiSchemaOf(input.published.supergraphSdl);
  const candidate = composition.ok ? apiSchemaOf(composition.supergraphSdl) : null;
  const approvalsUsed = new Set<Approval>();
  if (published && candidate) {
    const changes = await changeRows(input, published, candidate, operations);
    for (const change of changes) if (change.approval) approvalsUsed.add(change.approval);
    rows.push(...changes);
  }
  if (candidate) rows.push(...invalidOperationRows(candidate, operations, rows));
  rows.push(...lintRows(input));
  rows.push(...outdatedFiles(input, composition.ok ? composition.supergraphSdl : null, persistedQueryManifest));
  for (const approval of input.approvals.filter((entry) => !approvalsUsed.has(entry))) {
    rows.push({
      ...row("PASS", "approval", "APPROVAL_UNUSED", `The approval of ${approval.code} ${approval.coordinate} (${approval.approvedBy}) matches no change; it can go.`),
      coordinate: approval.coordinate,
    });
  }

  rows.sort(
    (a, b) =>
      CHECK_ORDER.indexOf(a.check) - CHECK_ORDER.indexOf(b.check) ||
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      compareText(a.coordinate ?? "", b.coordinate ?? ""),
  );
  const count = (predicate: (entry: ReportRow) => boolean) => rows.filter(predicate).length;
  const report: CheckReport = {
    passed: !rows.some((entry) => entry.verdict === "FAIL"),
    subgraphs: input.candidate.map((subgraph) => subgraph.name),
    comparedWithPublished: Boolean(published && candidate),
    operationsChecked: candidate ? operations.length : 0,
    counts: {
      FAIL: count((entry) => entry.verdict === "FAIL"),
      WARN: count((entry) => entry.verdict === "WARN"),
      PASS: count((entry) => entry.verdict === "PASS"),
      BREAKING: count((entry) => entry.level === "BREAKING"),
      DANGEROUS: count((entry) => entry.level === "DANGEROUS"),
      SAFE: count((entry) => entry.level === "SAFE"),
    },
    rows,
  };
  return { report, supergraphSdl: composition.ok ? composition.supergraphSdl : null, persistedQueryManifest };
}

async function changeRows(input: CheckInput, published: GraphQLSchema, candidate: GraphQLSchema, operations: RegisteredOperation[]): Promise<ReportRow[]> {
  const subgraphsChangedAt = changeAttribution(input.published.subgraphs, input.candidate);
  // Both schemas: a removed field is only in the published one, a new required input field only in the candidate.
  const usage = operations.map((operation) => ({
    name: operation.name,
    used: new Set([...coordinatesUsedBy(published, operation.document), ...coordinatesUsedBy(candidate, operation.document)]),
  }));
  return (await diffApiSchemas(published, candidate)).map((change) => {
    // Which operations a safe change reaches does not matter.
    const reached = change.level === "SAFE" ? [] : usage.filter(({ used }) => isAffected(used, change.coordinate)).map(({ name }) => name);
    const approval = change.level === "BREAKING" ? approvalFor(input.approvals, change) : undefined;
    return changeRow(change, subgraphsChangedAt(change.coordinate), reached, approval, input.config.usageAware);
  });
}

/** Registered operations the candidate no longer accepts, with the subgraphs of the changes that reach them. */
function invalidOperationRows(candidate: GraphQLSchema, operations: RegisteredOperation[], rows: ReportRow[]): ReportRow[] {
  const changes = rows.filter((entry) => entry.check === "change");
  return operations.flatMap((operation) => {
    const errors = validateOperation(candidate, operation);
    if (errors.length === 0) return [];
    const culprits = changes.filter((entry) => entry.operations.includes(operation.name)).flatMap((entry) => entry.subgraphs);
    return [
      {
        ...row("FAIL", "operation", "OPERATION_INVALID", `${operation.name} (${operation.file}) does not validate: ${errors.join(" ")}`),
        subgraphs: [...new Set(culprits)].sort(),
        operations: [operation.name],
      },
    ];
  });
}

function lintRows({ candidate, config }: CheckInput): ReportRow[] {
  return candidate.flatMap((subgraph) =>
    lintSubgraph(subgraph).flatMap((issue) => {
      const level = config.lint[issue.rule];
      if (level === "off") return [];
      return [{ ...row(level === "error" ? "FAIL" : "WARN", "lint", issue.rule, issue.message), subgraphs: [issue.subgraph], coordinate: issue.coordinate }];
    }),
  );
}

function row(verdict: Verdict, check: CheckKind, code: string, description: string): ReportRow {
  return { verdict, check, code, subgraphs: [], coordinate: null, description, operations: [] };
}

function compositionRow(verdict: Verdict, message: { code: string; message: string; subgraphs: string[] }): ReportRow {
  return { ...row(verdict, "composition", message.code, message.message), subgraphs: message.subgraphs };
}

/** SAFE passes, DANGEROUS warns, BREAKING fails unless approved, or unused by any registered operation in usage-aware mode. */
function changeRow(change: SchemaChange, subgraphs: string[], reached: string[], approval: Approval | undefined, usageAware: boolean): ReportRow {
  let verdict: Verdict = change.level === "SAFE" ? "PASS" : "WARN";
  let description = change.message;
  if (reached.length > 0) description += `. Used by ${reached.join(", ")}`;
  if (change.level === "BREAKING") {
    if (approval) {
      verdict = "PASS";
      description += `. Approved by ${approval.approvedBy}: ${approval.reason}`;
    } else if (usageAware && reached.length === 0) {
      description += ". No registered operation uses it";
    } else {
      verdict = "FAIL";
    }
  }
  return { ...row(verdict, "change", change.code, description), subgraphs, coordinate: change.coordinate, operations: reached, level: change.level, ...(approval ? { approval } : {}) };
}

function outdatedFiles(input: CheckInput, supergraphSdl: string | null, persistedQueryManifest: string): ReportRow[] {
  const committed = input.committed ?? {};
  const outdated = (description: string, subgraphs: string[] = []) => ({ ...row("FAIL", "registry", "REGISTRY_OUTDATED", description), subgraphs });
  const rows: ReportRow[] = [];
  if (committed.persistedQueryManifest !== undefined && committed.persistedQueryManifest !== persistedQueryManifest) {
    rows.push(outdated("The persisted query manifest is not the one the registered operations give; publish again."));
  }
  if (committed.supergraphSdl !== undefined && supergraphSdl !== null && committed.supergraphSdl !== supergraphSdl) {
    rows.push(outdated("The published supergraph is not the composition of the subgraphs' code; publish again."));
  }
  if (committed.subgraphs) {
    const publishedSdl = new Map(committed.subgraphs.map((subgraph) => [subgraph.name, subgraph.sdl]));
    const names = new Set([...publishedSdl.keys(), ...input.candidate.map((subgraph) => subgraph.name)]);
    for (const name of names) {
      const sdl = input.candidate.find((subgraph) => subgraph.name === name)?.sdl;
      if (publishedSdl.get(name) !== sdl) rows.push(outdated(`The published SDL of ${name} is not its code's; publish again.`, [name]));
    }
  }
  return rows;
}

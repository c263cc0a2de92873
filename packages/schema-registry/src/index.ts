export { checkSchema, type CheckInput, type CheckOutcome, type CheckReport, type PublishedState, type ReportRow, type Verdict } from "./check.ts";
export { composeSubgraphs, apiSchemaOf, type CompositionMessage, type CompositionOutcome } from "./compose.ts";
export { diffApiSchemas, type ChangeLevel, type SchemaChange } from "./diff.ts";
export { readOperations, validateOperation, coordinatesUsedBy, type OperationDocument, type RegisteredOperation } from "./operations.ts";
export { lintSubgraph, LINT_RULES, type LintIssue, type LintRule } from "./lint.ts";
export { parseApprovals, approvalFor, type Approval } from "./approvals.ts";
export { parseRegistryConfig, DEFAULT_REGISTRY_CONFIG, type RegistryConfig, type LintLevel } from "./config.ts";
export { RegistryInputError } from "./input.ts";
export { formatTable, formatMarkdown, summaryOf } from "./report.ts";
export { changelogEntry, type OperationChanges } from "./changelog.ts";
export {
  buildPersistedQueryManifest,
  compareManifests,
  parsePersistedQueryManifest,
  persistedQueryId,
  printPersistedQueryManifest,
  type PersistedQueryManifest,
} from "./persisted-queries.ts";
export type { SubgraphSchema, CandidateSubgraph } from "./subgraphs.ts";
export { gitRevision, workingTree, type FileSource } from "./file-source.ts";
export { checkRepository, publishRepository, REGISTRY, type CheckOptions, type PublishResult, type Repository } from "./repository.ts";

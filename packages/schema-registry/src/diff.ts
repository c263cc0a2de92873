// The breaking-change diff of two API schemas, by @graphql-inspector/core.
import { CriticalityLevel, diff, DiffRule, type Change, type Rule } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";

export type ChangeLevel = "BREAKING" | "DANGEROUS" | "SAFE";

export interface SchemaChange {
  /** GraphQL Inspector's change type: FIELD_REMOVED, FIELD_ARGUMENT_ADDED, ENUM_VALUE_REMOVED, ... */
  code: string;
  level: ChangeLevel;
  /** Schema coordinate of what changed: `Type`, `Type.field`, `Type.field.argument`, `Enum.VALUE`. */
  coordinate: string;
  message: string;
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: "BREAKING",
  [CriticalityLevel.Dangerous]: "DANGEROUS",
  [CriticalityLevel.NonBreaking]: "SAFE",
};

// Inspector calls any added argument DANGEROUS; an optional one is sent by no existing operation, so it is safe.
const optionalArgumentsAreSafe: Rule = ({ changes }) =>
  changes.map((change) =>
    change.type === "FIELD_ARGUMENT_ADDED" && change.criticality.level === CriticalityLevel.Dangerous
      ? { ...change, criticality: { ...change.criticality, level: CriticalityLevel.NonBreaking } }
      : change,
  );

// Inspector also reports @deprecated as directive usages: on a field or an enum value twice over
// (FIELD_/ENUM_VALUE_DEPRECATION_* say it), and its reason as an argument of the directive.
const DEPRECATION_DUPLICATES = new Set([
  "DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED",
  "DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED",
  "DIRECTIVE_USAGE_ENUM_VALUE_ADDED",
  "DIRECTIVE_USAGE_ENUM_VALUE_REMOVED",
  "DIRECTIVE_USAGE_ARGUMENT_ADDED",
  "DIRECTIVE_USAGE_ARGUMENT_REMOVED",
]);
const deprecationsOnce: Rule = ({ changes }) =>
  changes.filter((change) => !(DEPRECATION_DUPLICATES.has(change.type) && change.path?.includes(".@deprecated")));

/**
 * Every change from the published API schema to the candidate, classified for clients.
 * Removing a field, input field or enum value that was deprecated first is only DANGEROUS.
 */
export async function diffApiSchemas(published: GraphQLSchema, candidate: GraphQLSchema): Promise<SchemaChange[]> {
  const changes: Change[] = await diff(published, candidate, [
    DiffRule.suppressRemovalOfDeprecatedField,
    optionalArgumentsAreSafe,
    deprecationsOnce,
  ]);
  return changes.map((change) => ({
    code: change.type,
    level: LEVELS[change.criticality.level],
    // "Query.products.@deprecated" is a change at Query.products.
    coordinate: (change.path ?? "").replace(/\.@.*$/, ""),
    message: change.message,
  }));
}

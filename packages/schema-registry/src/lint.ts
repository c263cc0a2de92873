// Conventions every subgraph's SDL keeps: names, deprecation reasons, documented root fields.
import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from "graphql";
import type { SubgraphSchema } from "./subgraphs.ts";

export const LINT_RULES = {
  TYPE_NAME_CASE: "type names are PascalCase",
  FIELD_NAME_CASE: "field, input field and argument names are camelCase",
  ENUM_VALUE_CASE: "enum values are UPPER_CASE",
  DEPRECATION_REASON_MISSING: "every @deprecated gives a reason",
  ROOT_FIELD_DESCRIPTION_MISSING: "every Query, Mutation and Subscription field has a description",
} as const;

export type LintRule = keyof typeof LINT_RULES;

export interface LintIssue {
  rule: LintRule;
  subgraph: string;
  coordinate: string;
  message: string;
}

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;

/** Every convention the subgraph's SDL breaks; a syntax error is composition's to report. */
export function lintSubgraph({ name: subgraph, sdl }: SubgraphSchema): LintIssue[] {
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch {
    return [];
  }
  const issues: LintIssue[] = [];
  const report = (rule: LintRule, coordinate: string, message: string) => issues.push({ rule, subgraph, coordinate, message });
  const checkDeprecation = (coordinate: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    const deprecated = directives?.find((directive) => directive.name.value === "deprecated");
    const reason = deprecated?.arguments?.find((argument) => argument.name.value === "reason")?.value;
    if (deprecated && !(reason?.kind === Kind.STRING && reason.value.trim())) {
      report("DEPRECATION_REASON_MISSING", coordinate, `${coordinate} is @deprecated without a reason; say what to use instead.`);
    }
  };
  const rootTypes = rootTypeNamesOf(document);

  for (const definition of document.definitions) {
    if (!("name" in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = definition.name.value;
    if (isReserved(type)) continue;
    if (!PASCAL_CASE.test(type)) report("TYPE_NAME_CASE", type, `Type "${type}" should be PascalCase ("${pascalCase(type)}").`);

    for (const field of "fields" in definition ? (definition.fields ?? []) : []) {
      const coordinate = `${type}.${field.name.value}`;
      if (isReserved(field.name.value)) continue;
      if (!CAMEL_CASE.test(field.name.value)) {
        report("FIELD_NAME_CASE", coordinate, `Field "${coordinate}" should be camelCase ("${camelCase(field.name.value)}").`);
      }
      checkDeprecation(coordinate, field.directives);
      if (rootTypes.has(type) && !field.description?.value.trim()) {
        report("ROOT_FIELD_DESCRIPTION_MISSING", coordinate, `Root field "${coordinate}" has no description; clients read it in their tools.`);
      }
      for (const argument of "arguments" in field ? (field.arguments ?? []) : []) {
        const argumentCoordinate = `${coordinate}.${argument.name.value}`;
        if (!CAMEL_CASE.test(argument.name.value)) {
          report("FIELD_NAME_CASE", argumentCoordinate, `Argument "${argumentCoordinate}" should be camelCase ("${camelCase(argument.name.value)}").`);
        }
        checkDeprecation(argumentCoordinate, argument.directives);
      }
    }

    for (const value of "values" in definition ? (definition.values ?? []) : []) {
      const coordinate = `${type}.${value.name.value}`;
      if (!UPPER_CASE.test(value.name.value)) {
        report("ENUM_VALUE_CASE", coordinate, `Enum value "${coordinate}" should be UPPER_CASE ("${upperCase(value.name.value)}").`);
      }
      checkDeprecation(coordinate, value.directives);
    }
  }
  return issues;
}

/** Query, Mutation, Subscription, or whatever the schema definition names instead. */
function rootTypeNamesOf(document: DocumentNode): Set<string> {
  const named = document.definitions.flatMap((definition) =>
    definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION ? (definition.operationTypes ?? []) : [],
  );
  return named.length > 0 ? new Set(named.map((operationType) => operationType.type.name.value)) : new Set(["Query", "Mutation", "Subscription"]);
}

// Names starting with an underscore belong to GraphQL (`__Type`) or federation (`_Any`, `_service`).
function isReserved(name: string): boolean {
  return name.startsWith("_");
}

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const pascalCase = (name: string) => wordsOf(name).map(capitalized).join("");
const camelCase = (name: string) => wordsOf(name).map((word, index) => (index === 0 ? word : capitalized(word))).join("");
const upperCase = (name: string) => wordsOf(name).join("_").toUpperCase();

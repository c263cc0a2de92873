// The registered client operations: read from their documents, validated against a schema, and
// the schema coordinates each one uses (for usage-aware breaking changes).
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  parse,
  print,
  typeFromAST,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import type { OperationType } from "./persisted-queries.ts";
import { enclosing } from "./subgraphs.ts";
import { compareText } from "./text.ts";

/** A file of named operations (and the fragments they spread). */
export interface OperationDocument {
  file: string;
  source: string;
}

export interface RegisteredOperation {
  name: string;
  type: OperationType;
  file: string;
  /** The operation and the fragments it needs, nothing else. */
  document: DocumentNode;
  /** What a client sends: printed with operations before fragments, each sorted by name, as Apollo's manifest tools do. */
  body: string;
}

/** A registered document that cannot be used: a syntax error, an anonymous or a duplicate operation. */
export interface OperationDocumentProblem {
  code: "OPERATION_SYNTAX_ERROR" | "OPERATION_UNNAMED" | "OPERATION_NAME_DUPLICATED";
  file: string;
  message: string;
}

export function readOperations(documents: readonly OperationDocument[]) {
  const operations: RegisteredOperation[] = [];
  const problems: OperationDocumentProblem[] = [];
  for (const { file, source } of documents) {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      problems.push({ code: "OPERATION_SYNTAX_ERROR", file, message: `${file}: ${(error as Error).message}` });
      continue;
    }
    const fragments = new Map(
      document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
    );
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const name = definition.name?.value;
      if (!name) {
        problems.push({ code: "OPERATION_UNNAMED", file, message: `${file}: every registered ${definition.operation} needs a name` });
        continue;
      }
      const registered = operations.find((operation) => operation.name === name);
      if (registered) {
        problems.push({ code: "OPERATION_NAME_DUPLICATED", file, message: `${file}: operation ${name} is already registered in ${registered.file}` });
        continue;
      }
      const own: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition, ...fragmentsSpreadBy(definition, fragments)] };
      operations.push({ name, type: definition.operation, file, document: own, body: print(sortTopLevelDefinitions(own)) });
    }
  }
  return { operations, problems };
}

/** The validation errors of the operation against the schema; none means it still runs. */
export function validateOperation(schema: GraphQLSchema, operation: RegisteredOperation): string[] {
  return validate(schema, operation.document).map((error) => error.message);
}

/**
 * The schema coordinates an operation depends on: the types it touches, `Type.field` for each
 * field it selects, `Type.field.argument` for each argument it passes. An input object or enum
 * it touches counts with every field or value, since variables can carry any of them.
 */
export function coordinatesUsedBy(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const useType = (type: GraphQLType | null | undefined) => {
    const named = type ? getNamedType(type) : undefined;
    if (!named || used.has(named.name)) return;
    used.add(named.name);
    if (isEnumType(named)) for (const value of named.getValues()) used.add(`${named.name}.${value.name}`);
    if (isInputObjectType(named)) {
      for (const field of Object.values(named.getFields())) {
        used.add(`${named.name}.${field.name}`);
        useType(field.type);
      }
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(`${parent.name}.${field.name}`);
        useType(parent);
        useType(field.type);
      },
      Argument() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const argument = typeInfo.getArgument();
        if (!parent || !field || !argument) return;
        used.add(`${parent.name}.${field.name}.${argument.name}`);
        useType(argument.type);
      },
      VariableDefinition(node) {
        useType(typeFromAST(schema, node.type));
      },
      InlineFragment() {
        useType(typeInfo.getType());
      },
      FragmentDefinition() {
        useType(typeInfo.getType());
      },
    }),
  );
  return used;
}

/**
 * Whether a change at the coordinate reaches an operation that uses these coordinates. A change to
 * an argument (added, removed, retyped) reaches every operation that selects its field.
 */
export function isAffected(used: ReadonlySet<string>, coordinate: string): boolean {
  const isArgument = coordinate.split(".").length === 3;
  return used.has(isArgument ? enclosing(coordinate) : coordinate);
}

function fragmentsSpreadBy(definition: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const needed = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !needed.has(fragment.name.value)) {
          needed.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(definition);
  return [...needed.values()];
}

/** Operations before fragments, each kind by name (@apollo/persisted-query-lists' sortTopLevelDefinitions). */
function sortTopLevelDefinitions(document: DocumentNode): DocumentNode {
  const rank = (definition: DefinitionNode) => (definition.kind === Kind.OPERATION_DEFINITION ? 0 : 1);
  const nameOf = (definition: DefinitionNode) => ("name" in definition && definition.name ? definition.name.value : "");
  const definitions = [...document.definitions].sort((a, b) => rank(a) - rank(b) || compareText(nameOf(a), nameOf(b)));
  return { ...document, definitions };
}

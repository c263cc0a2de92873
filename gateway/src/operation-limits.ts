import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { getNullableType, GraphQLError, isListType, Kind, Lexer, Source, TokenKind, validate, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { ErrorCode } from "@shop/errors";

/** What one operation may have at most; each one's refusal code and wording. */
export const OPERATION_LIMITS = {
  tokens: { code: ErrorCode.MAX_TOKENS_LIMIT, what: "token count" },
  depth: { code: ErrorCode.MAX_DEPTH_LIMIT, what: "depth" },
  aliases: { code: ErrorCode.MAX_ALIASES_LIMIT, what: "alias count" },
  rootFields: { code: ErrorCode.MAX_ROOT_FIELDS_LIMIT, what: "root field count" },
  directives: { code: ErrorCode.MAX_DIRECTIVES_LIMIT, what: "directive count" },
  cost: { code: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, what: "estimated cost" },
} as const;

export type LimitName = keyof typeof OPERATION_LIMITS;
export type OperationLimits = Record<LimitName, number>;

export interface OperationUnderCheck {
  schema: GraphQLSchema;
  source: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/** The limits the operation goes over, cheapest checks first; none: it may run. */
export function exceededLimits(request: OperationUnderCheck, limits: OperationLimits, defaultListSize: number): LimitName[] {
  return limitsOver(request, limits, defaultListSize).exceeded;
}

/** exceededLimits, and whether the cost could be estimated (not with variables the gateway will refuse). */
function limitsOver(request: OperationUnderCheck, limits: OperationLimits, defaultListSize: number): { exceeded: LimitName[]; costEstimated: boolean } {
  const exceeded: LimitName[] = [];
  if (tokensOver(request.source, limits.tokens)) exceeded.push("tokens");
  // graphql-armor's rules, each told to report rather than throw; they look through fragments.
  const report = (limit: LimitName) => ({ propagateOnRejection: false, onReject: [() => void exceeded.push(limit)] });
  validate(request.schema, request.document, [
    maxDepthRule({ n: limits.depth, flattenFragments: true, ...report("depth") }),
    maxAliasesRule({ n: limits.aliases, ...report("aliases") }),
    maxDirectivesRule({ n: limits.directives, ...report("directives") }),
  ]);
  if (rootFieldCount(request.operation.selectionSet, request.document) > limits.rootFields) exceeded.push("rootFields");
  const cost = estimatedCost(request, defaultListSize);
  if (cost !== undefined && cost > limits.cost) exceeded.push("cost");
  return { exceeded, costEstimated: cost !== undefined };
}

// Results remembered per document, at most this many variable combinations each.
const REMEMBERED_PER_DOCUMENT = 64;

/**
 * exceededLimits, remembered per parsed document (Apollo Server keeps one object per query in
 * its document store), so that a query sent again is not lexed and walked three times more.
 * Only the estimated cost can depend on the variables, through those that give a `first` or
 * an `@include`/`@skip` condition: the result is remembered per operation and their values.
 */
export function createLimitsCheck(limits: OperationLimits, defaultListSize: number): (request: OperationUnderCheck) => LimitName[] {
  const byDocument = new WeakMap<DocumentNode, { costVariables: string[]; results: Map<string, LimitName[]> }>();
  return (request) => {
    let known = byDocument.get(request.document);
    if (!known) {
      known = { costVariables: costVariablesOf(request.document), results: new Map() };
      byDocument.set(request.document, known);
    }
    const key = `${request.operation.name?.value ?? ""}\n${JSON.stringify(known.costVariables.map((name) => request.variables[name] ?? null))}`;
    const remembered = known.results.get(key);
    if (remembered) return remembered;
    const { exceeded, costEstimated } = limitsOver(request, limits, defaultListSize);
    // Not an answer that invalid variables gave: the next request's valid ones must be estimated.
    if (costEstimated && known.results.size < REMEMBERED_PER_DOCUMENT) known.results.set(key, exceeded);
    return exceeded;
  };
}

/** The variables a document uses for a `first` argument or an `@include`/`@skip` condition: what the cost estimate reads. */
function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if ((argument.name.value === "first" || argument.name.value === "if") && argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names].sort();
}

/** A refusal: the code Apollo Router uses for this limit, the limit itself, HTTP 400. */
export function limitError(limit: LimitName, limits: OperationLimits): GraphQLError {
  const { code, what } = OPERATION_LIMITS[limit];
  return new GraphQLError(`Operation refused: its ${what} is over the limit of ${limits[limit]}.`, {
    extensions: { code, limit: limits[limit], http: { status: 400 } },
  });
}

// Counts in a loop and stops one past the limit: a huge document costs no more than a small one.
function tokensOver(source: string, max: number): boolean {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) if (++count > max) return true;
  return false;
}

function rootFieldCount(selectionSet: SelectionSetNode, document: DocumentNode): number {
  return selectionSet.selections.reduce((count, selection) => {
    if (selection.kind === Kind.FIELD) return count + 1;
    if (selection.kind === Kind.INLINE_FRAGMENT) return count + rootFieldCount(selection.selectionSet, document);
    const fragment = document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
    // Validation has already refused unknown and cyclic fragments.
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? count + rootFieldCount(fragment.selectionSet, document) : count;
  }, 0);
}

/**
 * graphql-query-complexity with one estimator: a field costs 1 (`__typename` nothing), plus its selection's cost
 * once per item it can return: `first` items (the argument's default when not given), the
 * default list size for any other list, once otherwise. A connection's edges are its `first`.
 */
function estimatedCost({ schema, document, operation, variables }: OperationUnderCheck, defaultListSize: number): number | undefined {
  const listSize: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
    // Answered from the query plan, no subgraph asked: Apollo Client adds it to every selection.
    if (field.name === "__typename") return 0;
    const first = field.args.find((argument) => argument.name === "first");
    const items = first
      ? [args.first, first.defaultValue].find((value): value is number => typeof value === "number") ?? defaultListSize
      : isListType(getNullableType(field.type)) && !type.name.endsWith("Connection")
        ? defaultListSize
        : 1;
    return 1 + items * childComplexity;
  };
  try {
    return getComplexity({ schema, query: document, variables, operationName: operation.name?.value, estimators: [listSize] });
  } catch (error) {
    // Too many nodes to count is too expensive; invalid variables are refused by the gateway itself, with its own message.
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) return Number.POSITIVE_INFINITY;
    return undefined;
  }
}

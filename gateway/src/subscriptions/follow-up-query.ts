import { createHash, randomUUID } from "node:crypto";
import type { ApolloGateway } from "@apollo/gateway";
import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { Kind, OperationTypeNode, print, visit, type ArgumentNode, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode, type SelectionNode, type VariableDefinitionNode } from "graphql";
import { ServiceUnavailableError } from "@shop/errors";
import type { Logger } from "@shop/logger";
import type { GatewayContext } from "../context.ts";
import { limitConcurrency } from "./concurrency-limit.ts";

const OPERATION_NAME = "SubscriptionPayload";

/**
 * A query that fetches, through the gateway's own query planner, exactly what a subscriber
 * selected on the payload: the subscription's selection set (with its fragments and
 * variables) moved onto a query root field such as `order(id:)`, under the same response key.
 */
export interface FollowUpQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  source: string;
  queryHash: string;
  /** The payload's response key: the subscription field's alias or name. */
  responseKey: string;
  /** The subscription's variables (already coerced); the per-event ones are added to these. */
  variables: Record<string, unknown>;
}

export function buildFollowUpQuery(
  info: GraphQLResolveInfo,
  rootField: { name: string; arguments: ArgumentNode[]; variables?: VariableDefinitionNode[]; extraSelections?: readonly SelectionNode[] },
): FollowUpQuery {
  const selections: SelectionNode[] = [...info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []), ...(rootField.extraSelections ?? [])];
  const responseKey = String(info.path.key);
  const field: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: responseKey },
    name: { kind: Kind.NAME, value: rootField.name },
    arguments: rootField.arguments,
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const fragments = Object.values(info.fragments);
  // Only the variables the query uses: the subscription's own (such as `after`) would keep
  // subscribers who sent different values from sharing each event's follow-up.
  const used = new Set<string>();
  for (const node of [field, ...fragments]) visit(node, { Variable: (variable) => void used.add(variable.name.value) });
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    name: { kind: Kind.NAME, value: OPERATION_NAME },
    variableDefinitions: [...(info.operation.variableDefinitions ?? []), ...(rootField.variables ?? [])].filter((definition) => used.has(definition.variable.name.value)),
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  const source = print(document);
  const variables = Object.fromEntries(Object.entries(info.variableValues).filter(([name]) => used.has(name)));
  return { document, operation, source, queryHash: createHash("sha256").update(source).digest("hex"), responseKey, variables };
}

/** `name: $variable` for a root field's argument list. */
export const variableArgument = (name: string, variable: string): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variable } },
});

/** `$name: ID!`, for an id that changes with every event (one document, one cached query plan). */
export const idVariable = (name: string): VariableDefinitionNode => ({
  kind: Kind.VARIABLE_DEFINITION,
  variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
  type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } } },
});

export type FollowUpRunner = (query: FollowUpQuery, authorization: string, extraVariables?: Record<string, unknown>) => Promise<unknown>;

/**
 * Runs follow-up queries on the gateway's executor, with the subscriber's token forwarded to
 * the subgraphs as for any request. Resolves to the payload (null when the subgraph says
 * there is none); rejects with the first error the subgraphs answered (FORBIDDEN, ...).
 * At most `maxConcurrent` run at once, so a burst of events or subscriptions waits in a queue
 * instead of flooding the subgraphs (which would time out and fail them all).
 */
export function createFollowUpRunner(gateway: ApolloGateway, logger: Logger, maxConcurrent: number): FollowUpRunner {
  const limit = limitConcurrency(maxConcurrent);
  return (query, authorization, extraVariables = {}) =>
    limit(async () => {
      const variables = { ...query.variables, ...extraVariables };
      const context: GatewayContext = { requestId: randomUUID(), authorization };
      const requestContext = {
        request: { query: query.source, operationName: OPERATION_NAME, variables },
        document: query.document,
        operation: query.operation,
        operationName: OPERATION_NAME,
        source: query.source,
        queryHash: query.queryHash,
        context,
        logger,
        metrics: {},
        overallCachePolicy: {},
      } as unknown as GatewayGraphQLRequestContext;
      let result: ExecutionResult;
      try {
        result = await gateway.executor(requestContext);
      } catch (error) {
        throw new ServiceUnavailableError(undefined, { cause: error });
      }
      const [error] = result.errors ?? [];
      if (error) throw error;
      return result.data?.[query.responseKey] ?? null;
    });
}

import {
  createSourceEventStream,
  executeSync,
  getOperationAST,
  GraphQLError,
  isObjectType,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import { BadUserInputError, maskUnexpectedErrors, UnauthenticatedError } from "@shop/errors";
import type { Logger } from "@shop/logger";
import type { GatewayMetrics } from "@shop/metrics";
import { endAt, mapEach, onEnd } from "./async-iterators.ts";
import { positionOf } from "./event-position.ts";
import { requireSubscriber, type Subscriber, type SubscriberAuth } from "./subscriber.ts";
import type { SubscribeField } from "./subscription-fields.ts";

export interface SubscriptionRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export type PreparedRequest = { kind: "subscription"; document: DocumentNode } | { kind: "other" } | { kind: "invalid"; errors: GraphQLError[] };

/** The event's position, which a client hands back as `after` to resume, goes in the result's extensions. */
const withPosition = (result: FormattedExecutionResult, position: string | undefined): FormattedExecutionResult =>
  position === undefined ? result : { ...result, extensions: { ...result.extensions, position } };

export type SubscriptionOutcome = AsyncIterableIterator<FormattedExecutionResult> | FormattedExecutionResult;

/** The payload's fields read the follow-up query's data, which is keyed by response key (alias). */
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) =>
  source && typeof source === "object" ? (source as Record<string, unknown>)[String(info.path.key)] : undefined;

/**
 * Runs subscription operations against the supergraph's API schema, for either transport:
 * parse and validate, refuse anything that is not a subscription (queries and mutations go
 * through Apollo Server), execute each event's payload, mask unexpected errors like Apollo
 * Server's formatError does, and end the stream with UNAUTHENTICATED when the token expires.
 */
export function createSubscriptionExecutor({
  schema,
  fields,
  logger,
  metrics,
}: {
  schema: () => GraphQLSchema;
  fields: Record<string, SubscribeField>;
  logger: Logger;
  metrics: Pick<GatewayMetrics, "subscriptionOpened">;
}) {
  const mask = maskUnexpectedErrors(({ level, err, message, path }) => logger[level]({ err, path }, message));
  const format = (result: ExecutionResult): FormattedExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((error) => mask(error.toJSON(), error)) } : (result as FormattedExecutionResult);

  const subscribeField: GraphQLFieldResolver<unknown, Subscriber> = async (_source, args, subscriber, info) => {
    const field = fields[info.fieldName];
    if (!field) throw new Error(`No subscription layer for Subscription.${info.fieldName}`);
    const events = await field(args, subscriber, info);
    return onEnd(events[Symbol.asyncIterator](), metrics.subscriptionOpened(info.fieldName));
  };

  // Results by root value: an entry goes when its event's root value is let go.
  const executed = new WeakMap<object, Map<string, FormattedExecutionResult>>();

  return {
    schema,
    /** Parses and validates; only a subscription is ours to run. */
    prepare(query: unknown, operationName?: unknown): PreparedRequest {
      if (typeof query !== "string") return { kind: "invalid", errors: [new BadUserInputError("The request has no query.")] };
      let document: DocumentNode;
      try {
        document = parse(query);
      } catch (error) {
        return { kind: "invalid", errors: [new BadUserInputError((error as GraphQLError).message)] };
      }
      const invalid = validate(schema(), document);
      if (invalid.length > 0) return { kind: "invalid", errors: invalid.map((error) => new BadUserInputError(error.message)) };
      const operation = getOperationAST(document, typeof operationName === "string" ? operationName : undefined);
      return operation?.operation === "subscription" ? { kind: "subscription", document } : { kind: "other" };
    },

    async execute(request: SubscriptionRequest, auth: SubscriberAuth): Promise<SubscriptionOutcome> {
      let subscriber: Subscriber;
      try {
        subscriber = requireSubscriber(auth);
      } catch (error) {
        return format({ errors: [error as GraphQLError] });
      }
      const apiSchema = schema();
      if (!isObjectType(apiSchema.getSubscriptionType())) return format({ errors: [new GraphQLError("No subscriptions in this schema")] });
      const args = {
        schema: apiSchema,
        document: request.document,
        operationName: request.operationName,
        variableValues: request.variables,
        contextValue: subscriber,
        subscribeFieldResolver: subscribeField,
        fieldResolver: byResponseKey,
      };
      const stream = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in stream)) return format(stream);
      // What graphql's subscribe() does per event, once per root value and operation: the
      // subscribers who share an event's root value (see subscription-fields) and sent the
      // same operation get the same result object, ready to be sent as it is.
      const operation = `${request.operationName ?? ""}\n${JSON.stringify(request.variables ?? {})}\n${print(request.document)}`;
      const results = mapEach(stream[Symbol.asyncIterator](), (root): FormattedExecutionResult => {
        let byOperation = executed.get(root as object);
        if (!byOperation) executed.set(root as object, (byOperation = new Map()));
        let result = byOperation.get(operation);
        if (!result) byOperation.set(operation, (result = withPosition(format(executeSync({ ...args, rootValue: root })), positionOf(root))));
        return result;
      });
      // Every subscription, over either transport, is open from here until this iterator ends.
      if (!subscriber.expiresAt) return results;
      return endAt(results, subscriber.expiresAt, () => format({ errors: [new UnauthenticatedError("The token has expired; sign in again.")] }));
    },
  };
}

export type SubscriptionExecutor = ReturnType<typeof createSubscriptionExecutor>;

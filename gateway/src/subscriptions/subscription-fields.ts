import { Kind, parse, type GraphQLResolveInfo, type OperationDefinitionNode } from "graphql";
import { NotFoundError } from "@shop/errors";
import { NOTIFICATION_EVENT, type ChannelHub, type EventEnvelope, type EventNames, type NotificationCreatedData, type OrderEventData } from "@shop/events";
import { mapEach } from "./async-iterators.ts";
import { channelEvents } from "./channel-events.ts";
import { HISTORY_TIMES_KEY, orderAtEvent } from "./event-state.ts";
import { buildFollowUpQuery, idVariable, variableArgument, type FollowUpQuery, type FollowUpRunner } from "./follow-up-query.ts";
import { shareInFlight } from "../in-flight.ts";
import { accessKey, type Subscriber } from "./subscriber.ts";

export type SubscribeField = (args: Record<string, unknown>, subscriber: Subscriber, info: GraphQLResolveInfo) => Promise<AsyncIterable<unknown>>;

const NOTIFICATION_ID_VARIABLE = "subscriptionNotificationId";
// Added to the order's follow-up query so history can be cut at the event, whatever the client selected.
const HISTORY_TIMES = (parse(`{ ${HISTORY_TIMES_KEY}: history { at } }`).definitions[0] as OperationDefinitionNode).selectionSet.selections;

/**
 * The Subscription fields. Each listens to its live channel first, then checks access by
 * running its follow-up query once (the owning subgraph decides: FORBIDDEN, or null for an
 * order that does not exist), then turns every event into the payload the client selected.
 * Every root value yielded is keyed by the field's response key, as the payload resolvers read it.
 *
 * An event reaches every subscriber of its channel at once. Subscribers with the same
 * follow-up query, variables and access (see accessKey) share that event's root value: one
 * follow-up through the subgraphs and one object, which the executor then also executes once.
 * The access check when subscribing is shared only by subscribers with the same token.
 */
export function createSubscriptionFields({ hub, names, runFollowUp }: { hub: ChannelHub; names: EventNames; runFollowUp: FollowUpRunner }): Record<string, SubscribeField> {
  const once = shareInFlight<unknown>();
  const checkAccess = (query: FollowUpQuery, subscriber: Subscriber) =>
    once(`check\n${query.queryHash}\n${JSON.stringify(query.variables)}\n${subscriber.authorization}`, () => runFollowUp(query, subscriber.authorization));
  /** Per event, the root value of every subscriber in this one's group, made once. */
  const perEvent = (query: FollowUpQuery, subscriber: Subscriber, rootOf: (envelope: EventEnvelope) => Promise<unknown>) => {
    const group = `${query.queryHash}\n${JSON.stringify(query.variables)}\n${accessKey(subscriber)}`;
    return (envelope: EventEnvelope) => once(`${envelope.id}\n${group}`, () => rootOf(envelope));
  };

  return {
    async orderStatusChanged(args, subscriber, info) {
      const orderId = String(args.orderId);
      const orderIdArgument = info.fieldNodes[0]!.arguments!.find((argument) => argument.name.value === "orderId")!;
      const query = buildFollowUpQuery(info, {
        name: "order",
        arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "id" }, value: orderIdArgument.value }],
        extraSelections: HISTORY_TIMES,
      });
      const events = channelEvents(hub, names.orderChannel(orderId), () => true);
      try {
        if ((await checkAccess(query, subscriber)) === null) throw new NotFoundError("There is no such order.", { orderId });
      } catch (error) {
        await events.return!();
        throw error;
      }
      return mapEach(
        events,
        perEvent(query, subscriber, async (envelope) => {
          const current = (await runFollowUp(query, subscriber.authorization).catch((error: Error) => error)) as Record<string, unknown> | Error | null;
          if (current === null) return null;
          // An error reaches the client as this event's error; the subscription goes on.
          return { [query.responseKey]: current instanceof Error ? current : orderAtEvent(info, current, envelope.data as OrderEventData) };
        }),
      );
    },

    async notificationAdded(_args, subscriber, info) {
      const query = buildFollowUpQuery(info, {
        name: "notification",
        arguments: [variableArgument("id", NOTIFICATION_ID_VARIABLE)],
        variables: [idVariable(NOTIFICATION_ID_VARIABLE)],
      });
      // The user channel also carries order events; only this user's new notifications count.
      const isOwnNotification = (envelope: { type: string; data: unknown }) =>
        envelope.type === NOTIFICATION_EVENT.CREATED && (envelope.data as NotificationCreatedData).userId === subscriber.userId;
      const events = channelEvents(hub, names.userChannel(subscriber.userId), isOwnNotification);
      return mapEach(
        events,
        perEvent(query, subscriber, async (envelope) => {
          const variables = { [NOTIFICATION_ID_VARIABLE]: (envelope.data as NotificationCreatedData).notificationId };
          const notification = await runFollowUp(query, subscriber.authorization, variables).catch((error: unknown) => error);
          return notification === null ? null : { [query.responseKey]: notification };
        }),
      );
    },
  };
}

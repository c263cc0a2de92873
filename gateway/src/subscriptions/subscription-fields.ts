import { Kind, parse, type GraphQLResolveInfo, type OperationDefinitionNode } from "graphql";
import { BadUserInputError, NotFoundError } from "@shop/errors";
import { NOTIFICATION_EVENT, parseEventPosition, type ChannelHub, type EventNames, type NotificationCreatedData, type OrderEventData } from "@shop/events";
import { mapEach, prepend } from "./async-iterators.ts";
import { channelEvents } from "./channel-events.ts";
import { rootValue } from "./event-position.ts";
import { HISTORY_TIMES_KEY, orderAtEvent } from "./event-state.ts";
import { buildFollowUpQuery, idVariable, variableArgument, type FollowUpQuery, type FollowUpRunner } from "./follow-up-query.ts";
import { shareInFlight } from "../in-flight.ts";
import type { RecordedNotification, RecordedOrderEvent, ReplaySource } from "./replay-source.ts";
import { accessKey, type Subscriber } from "./subscriber.ts";

/** An order event, live or replayed: what its payload is cut at. Live ones from an older relay have no position. */
type OrderMoment = Omit<RecordedOrderEvent, "position"> & { position: string | undefined };
type NotificationMoment = Omit<RecordedNotification, "position"> & { position: string | undefined };

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
 *
 * Resuming (`after`: the `extensions.position` of the last payload a client received): still
 * listening first, the field reads what was missed from the owning service's database
 * (`replay`, with the subscriber's token), delivers that in order, then the live events it
 * has not delivered yet. Order events are delivered in position order, each once, resumed
 * or not (the relay may publish a batch twice).
 */
export function createSubscriptionFields({ hub, names, runFollowUp, replay }: { hub: ChannelHub; names: EventNames; runFollowUp: FollowUpRunner; replay: ReplaySource }): Record<string, SubscribeField> {
  const once = shareInFlight<unknown>();
  const checkAccess = (query: FollowUpQuery, subscriber: Subscriber) =>
    once(`check\n${query.queryHash}\n${JSON.stringify(query.variables)}\n${subscriber.authorization}`, () => runFollowUp(query, subscriber.authorization));
  /** Per event, the root value of every subscriber in this one's group, made once. */
  const perEvent = <E extends { id: string }>(query: FollowUpQuery, subscriber: Subscriber, rootOf: (event: E) => Promise<unknown>) => {
    const group = `${query.queryHash}\n${JSON.stringify(query.variables)}\n${accessKey(subscriber)}`;
    return (event: E) => once(`${event.id}\n${group}`, () => rootOf(event));
  };

  return {
    async orderStatusChanged(args, subscriber, info) {
      const orderId = String(args.orderId);
      const after = typeof args.after === "string" ? args.after : null;
      const resumeAt = after === null ? -1n : parseEventPosition(after);
      if (resumeAt === null) throw new BadUserInputError("after must be the extensions.position of a payload of this subscription.", { field: "after" });
      let delivered = resumeAt;
      const orderIdArgument = info.fieldNodes[0]!.arguments!.find((argument) => argument.name.value === "orderId")!;
      const query = buildFollowUpQuery(info, {
        name: "order",
        arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "id" }, value: orderIdArgument.value }],
        extraSelections: HISTORY_TIMES,
      });
      const live = channelEvents(hub, names.orderChannel(orderId), () => true);
      let missed: RecordedOrderEvent[] = [];
      try {
        if ((await checkAccess(query, subscriber)) === null) throw new NotFoundError("There is no such order.", { orderId });
        if (after !== null) missed = await replay.orderEventsAfter(orderId, after, subscriber.authorization);
      } catch (error) {
        await live.return!();
        throw error;
      }
      const liveEvents = mapEach(live, (envelope): OrderMoment => {
        const { status, changedAt } = envelope.data as OrderEventData;
        return { id: envelope.id, status, changedAt, position: envelope.position };
      });
      const payloadOf = perEvent(query, subscriber, async (event: OrderMoment) => {
        const current = (await runFollowUp(query, subscriber.authorization).catch((error: Error) => error)) as Record<string, unknown> | Error | null;
        if (current === null) return null;
        // An error reaches the client as this event's error; the subscription goes on.
        return rootValue(query.responseKey, current instanceof Error ? current : orderAtEvent(info, current, event), event.position);
      });
      return mapEach(prepend<OrderMoment>(missed, liveEvents), (event) => {
        const position = event.position === undefined ? null : parseEventPosition(event.position);
        // Delivered already (replayed, or published twice): one order's positions only grow.
        if (position !== null && position <= delivered) return null;
        if (position !== null) delivered = position;
        return payloadOf(event);
      });
    },

    async notificationAdded(args, subscriber, info) {
      const after = typeof args.after === "string" ? args.after : null;
      const query = buildFollowUpQuery(info, {
        name: "notification",
        arguments: [variableArgument("id", NOTIFICATION_ID_VARIABLE)],
        variables: [idVariable(NOTIFICATION_ID_VARIABLE)],
      });
      // The user channel also carries order events; only this user's new notifications count.
      const isOwnNotification = (envelope: { type: string; data: unknown }) =>
        envelope.type === NOTIFICATION_EVENT.CREATED && (envelope.data as NotificationCreatedData).userId === subscriber.userId;
      const live = channelEvents(hub, names.userChannel(subscriber.userId), isOwnNotification);
      let missed: RecordedNotification[] = [];
      try {
        if (after !== null) missed = await replay.notificationsAfter(after, subscriber.authorization);
      } catch (error) {
        await live.return!();
        throw error;
      }
      // Notifications are not numbered in commit order, so the live ones are told from the replayed ones by id.
      const replayed = new Set(missed.map((notification) => notification.id));
      const liveNotifications = mapEach(live, (envelope): NotificationMoment | null => {
        const id = (envelope.data as NotificationCreatedData).notificationId;
        return replayed.has(id) ? null : { id, position: envelope.position };
      });
      return mapEach(
        prepend<NotificationMoment>(missed, liveNotifications),
        perEvent(query, subscriber, async (event: NotificationMoment) => {
          const notification = await runFollowUp(query, subscriber.authorization, { [NOTIFICATION_ID_VARIABLE]: event.id }).catch((error: unknown) => error);
          return notification === null ? null : rootValue(query.responseKey, notification, event.position);
        }),
      );
    },
  };
}

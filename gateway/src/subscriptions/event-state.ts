import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import type { OrderEventData } from "@shop/events";

/** The response keys (aliases or names) under which a selection set, fragments included, selects `fieldName`. */
export function responseKeysOf(selectionSet: SelectionSetNode | undefined, fieldName: string, fragments: Record<string, FragmentDefinitionNode>): string[] {
  return (selectionSet?.selections ?? []).flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === fieldName ? [selection.alias?.value ?? fieldName] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return responseKeysOf(selection.selectionSet, fieldName, fragments);
    return responseKeysOf(fragments[selection.name.value]?.selectionSet, fieldName, fragments);
  });
}

/** A response key for the history timestamps the gateway adds to the follow-up query; never sent to the client. */
export const HISTORY_TIMES_KEY = "_subscriptionHistoryTimes";

type Payload = Record<string, unknown>;

/**
 * The order as it was at this event, from the current state the follow-up query read: a
 * later change may already be stored, so `status` is the event's, and `history` stops at
 * the event. A client that receives CONFIRMED then SHIPPED never sees SHIPPED twice.
 */
export function orderAtEvent(info: GraphQLResolveInfo, current: Payload, event: Pick<OrderEventData, "status" | "changedAt">): Payload {
  const selection = { kind: Kind.SELECTION_SET, selections: info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []) } as SelectionSetNode;
  const { [HISTORY_TIMES_KEY]: times, ...order } = current;
  for (const key of responseKeysOf(selection, "status", info.fragments)) if (key in order) order[key] = event.status;
  const changedAt = Date.parse(event.changedAt);
  const entriesSoFar = (times as { at: string }[]).filter((entry) => Date.parse(entry.at) <= changedAt).length;
  for (const key of responseKeysOf(selection, "history", info.fragments)) {
    if (Array.isArray(order[key])) order[key] = (order[key] as unknown[]).slice(0, entriesSoFar);
  }
  return order;
}

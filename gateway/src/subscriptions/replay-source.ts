import { GraphQLError } from "graphql";
import { NotFoundError, ServiceUnavailableError } from "@shop/errors";
import type { OrderStatus } from "@shop/events";
import type { RequestSigner } from "@shop/request-signing";
import type { SubgraphName } from "@shop/config";
import { createSignedSubgraphQuery, type SubgraphAnswer } from "../signed-subgraph-query.ts";

/** One event of an order, as the orders service recorded it: what a replayed payload is cut at. */
export interface RecordedOrderEvent {
  position: string;
  id: string;
  status: OrderStatus;
  changedAt: string;
}

/** One IN_APP notification created after a subscriber's position, oldest first. */
export interface RecordedNotification {
  position: string;
  id: string;
}

// The subgraphs' page size: a replay longer than this takes several pages.
const PAGE = 100;

const ORDER_EVENTS = `query ($orderId: ID!, $after: String!, $first: Int!) {
  orderEventsAfter(orderId: $orderId, after: $after, first: $first) { position id status changedAt }
}`;
const NOTIFICATIONS = `query ($after: String!, $first: Int!) {
  notificationsAfter(after: $after, first: $first) { position id }
}`;

/**
 * What a subscriber that resumes after a position has missed, read from the services' own
 * databases (the durable record; Redis keeps nothing across a restart) with the subscriber's
 * token, so that the owning subgraph authorizes the replay exactly as the live payloads.
 * The fields are internal (@inaccessible: the query planner cannot reach them), so they are
 * asked of the subgraph directly, signed as the gateway signs every request.
 */
export function createReplaySource({ subgraphUrls, signRequest, timeoutMs }: { subgraphUrls: Record<SubgraphName, string>; signRequest: RequestSigner; timeoutMs: number }) {
  const orders = createSignedSubgraphQuery({ url: subgraphUrls.orders, signRequest, timeoutMs });
  const notifications = createSignedSubgraphQuery({ url: subgraphUrls.notifications, signRequest, timeoutMs });

  /** Every page after `after`, until one is short. */
  async function allAfter<T extends { position: string }>(after: string, page: (after: string) => Promise<T[]>): Promise<T[]> {
    const all: T[] = [];
    for (let from = after; ; ) {
      const items = await page(from);
      all.push(...items);
      if (items.length < PAGE) return all;
      from = items.at(-1)!.position;
    }
  }

  return {
    orderEventsAfter: (orderId: string, after: string, authorization: string) =>
      allAfter(after, async (from) => {
        const answer = await ask(() => orders<{ orderEventsAfter: RecordedOrderEvent[] | null }>(ORDER_EVENTS, { orderId, after: from, first: PAGE }, authorization));
        if (!answer.orderEventsAfter) throw new NotFoundError("There is no such order.", { orderId });
        return answer.orderEventsAfter;
      }),
    notificationsAfter: (after: string, authorization: string) =>
      allAfter(after, async (from) => (await ask(() => notifications<{ notificationsAfter: RecordedNotification[] }>(NOTIFICATIONS, { after: from, first: PAGE }, authorization))).notificationsAfter),
  };
}

export type ReplaySource = ReturnType<typeof createReplaySource>;

/** The answer's data; the subgraph's first error (FORBIDDEN, BAD_USER_INPUT, ...) as it gave it; SERVICE_UNAVAILABLE when there is no answer. */
async function ask<T>(send: () => Promise<SubgraphAnswer<T>>): Promise<T> {
  let answer: SubgraphAnswer<T>;
  try {
    answer = await send();
  } catch (error) {
    throw new ServiceUnavailableError(undefined, { cause: error });
  }
  const [error] = answer.errors ?? [];
  if (error) throw new GraphQLError(error.message, { extensions: error.extensions ?? {} });
  if (!answer.data) throw new ServiceUnavailableError(undefined, { cause: new Error(`the subgraph answered ${answer.status} without data`) });
  return answer.data;
}

// After the phases, what the databases say: orders placed against stock reserved, one IN_APP
// notification per order event, the outbox drained, and each subscriber's events against the
// orders' history. Straight SQL on each service's own database, read only.
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import type { SubgraphName } from "@shop/config";

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function stockSnapshot(databaseUrl: (name: SubgraphName) => string): Promise<Map<string, number>> {
  const rows = await query<{ id: string; stock: number }>(databaseUrl("products"), "SELECT id, stock FROM products");
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/** Seconds from now until every outbox event is published (or `timeoutMs` runs out: null). */
export async function outboxDrainSeconds(databaseUrl: (name: SubgraphName) => string, timeoutMs: number): Promise<{ seconds: number | null; pending: number }> {
  const startedAt = performance.now();
  let pending = 0;
  while (performance.now() - startedAt < timeoutMs) {
    pending = Number((await query<{ count: string }>(databaseUrl("orders"), "SELECT count(*) FROM outbox_events WHERE published_at IS NULL"))[0]!.count);
    if (pending === 0) return { seconds: Number(((performance.now() - startedAt) / 1000).toFixed(1)), pending };
    await sleep(250);
  }
  return { seconds: null, pending };
}

export async function checkData(options: {
  databaseUrl: (name: SubgraphName) => string;
  initialStock: Map<string, number>;
  /** Orders each subscriber followed, with the statuses it received. */
  received: Map<string, { statuses: string[] }>;
  subscribers: { email: string; orders: string[] }[];
}) {
  const { databaseUrl } = options;
  const orders = await query<{ id: string; status: string; user_id: string; idempotency_key: string | null }>(databaseUrl("orders"), "SELECT id, status, user_id, idempotency_key FROM orders");
  const duplicates = await query<{ count: string }>(
    databaseUrl("orders"),
    "SELECT count(*) FROM (SELECT 1 FROM orders WHERE idempotency_key IS NOT NULL GROUP BY user_id, idempotency_key HAVING count(*) > 1) AS repeated",
  );
  const events = await query<{ aggregate_id: string; count: string }>(databaseUrl("orders"), "SELECT aggregate_id, count(*) FROM outbox_events GROUP BY aggregate_id");
  const history = await query<{ order_id: string; status: string; at: Date }>(databaseUrl("orders"), "SELECT order_id, status, at FROM order_status_changes ORDER BY id");

  const reservations = await query<{ order_id: string; status: string }>(databaseUrl("products"), "SELECT order_id, status FROM stock_reservations");
  const held = await query<{ product_id: string; quantity: string }>(
    databaseUrl("products"),
    "SELECT l.product_id, sum(l.quantity) AS quantity FROM stock_reservation_lines l JOIN stock_reservations r USING (order_id) WHERE r.status <> 'RELEASED' GROUP BY l.product_id",
  );
  const stock = await stockSnapshot(databaseUrl);

  const inApp = await query<{ order_id: string; count: string }>(databaseUrl("notifications"), "SELECT order_id, count(*) FROM notifications WHERE channel = 'IN_APP' AND order_id IS NOT NULL GROUP BY order_id");

  // Stock: what left the shelf is exactly what live reservations hold; nothing below zero.
  const heldByProduct = new Map(held.map((row) => [row.product_id, Number(row.quantity)]));
  let unitsTaken = 0;
  let unitsHeld = 0;
  let oversoldUnits = 0;
  for (const [id, initial] of options.initialStock) {
    const now = stock.get(id) ?? 0;
    unitsTaken += initial - now;
    unitsHeld += heldByProduct.get(id) ?? 0;
    if (now < 0) oversoldUnits -= now;
  }
  const orderStatus = new Map(orders.map((order) => [order.id, order.status]));
  const liveReservations = reservations.filter((reservation) => reservation.status !== "RELEASED");
  const reservationsWithoutOrder = liveReservations.filter((reservation) => !orderStatus.has(reservation.order_id)).length;
  const cancelledStillHolding = liveReservations.filter((reservation) => orderStatus.get(reservation.order_id) === "CANCELLED").length;
  const liveReserved = new Set(liveReservations.map((reservation) => reservation.order_id));
  const ordersWithoutReservation = orders.filter((order) => order.status !== "CANCELLED" && !liveReserved.has(order.id)).length;

  // Notifications: one IN_APP per order event (placed, and each status change).
  const inAppByOrder = new Map(inApp.map((row) => [row.order_id, Number(row.count)]));
  let ordersNotifiedExactlyOnce = 0;
  let missingNotifications = 0;
  let extraNotifications = 0;
  for (const { aggregate_id: orderId, count } of events) {
    const expected = Number(count);
    const got = inAppByOrder.get(orderId) ?? 0;
    if (got === expected) ordersNotifiedExactlyOnce++;
    missingNotifications += Math.max(0, expected - got);
    extraNotifications += Math.max(0, got - expected);
  }

  // Subscribers follow an order from its beginning (`after: "0"`): each must have received the
  // order's whole history, each status once and in order, however often it reconnected.
  const historyOf = (orderId: string) => history.filter((change) => change.order_id === orderId).map((change) => change.status);
  const subscribers = options.subscribers.map(({ email, orders: followed }) => {
    let expected = 0;
    let received = 0;
    let ordersExact = 0;
    for (const orderId of followed) {
      const wanted = historyOf(orderId);
      const got = options.received.get(orderId)!.statuses;
      expected += wanted.length;
      received += got.length;
      if (got.join() === wanted.join()) ordersExact++;
    }
    return { email, orders: followed.length, expected, received, gotEvery: ordersExact === followed.length };
  });

  return {
    orders: {
      placed: orders.length,
      byStatus: Object.fromEntries([...new Set(orders.map((order) => order.status))].map((status) => [status, orders.filter((order) => order.status === status).length])),
      duplicateIdempotencyKeys: Number(duplicates[0]!.count),
    },
    stock: { unitsTaken, unitsHeldByLiveReservations: unitsHeld, oversoldUnits, reservationsWithoutOrder, ordersWithoutReservation, cancelledStillHolding },
    notifications: { orderEvents: events.reduce((sum, row) => sum + Number(row.count), 0), ordersWithEvents: events.length, ordersNotifiedExactlyOnce, missingNotifications, extraNotifications },
    subscribers,
  };
}

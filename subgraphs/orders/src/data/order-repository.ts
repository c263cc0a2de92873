import { loadByIds } from "@shop/db";
import { isUuid } from "@shop/ids";
import { outboxRow, type OrderEventData, type OrderStatus } from "@shop/events";
import { afterCursorWhere, NEWEST_FIRST, type PageRequest } from "@shop/pagination";
import { orderEvent } from "../domain/order-events.ts";
import type { PricedLine } from "../domain/order-rules.ts";
import type { Prisma } from "./generated/client.ts";
import type { OrdersDb } from "./prisma.ts";

const FULL = {
  items: { orderBy: { position: "asc" } },
  history: { orderBy: { id: "asc" } },
} as const satisfies Prisma.OrderInclude;

export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof FULL }>;

export interface NewOrder {
  id: string;
  userId: string;
  idempotencyKey: string | null;
  totalCents: number;
  currency: string;
  lines: PricedLine[];
}

export interface StatusChange {
  status: OrderStatus;
  reason: string | null;
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;

async function insertOrder(tx: Prisma.TransactionClient, order: NewOrder): Promise<OrderRecord> {
  const now = new Date();
  const created = await tx.order.create({
    data: {
      id: order.id,
      userId: order.userId,
      idempotencyKey: order.idempotencyKey,
      totalCents: order.totalCents,
      currency: order.currency,
      items: {
        create: order.lines.map(({ productId, quantity, unitPriceCents }, position) => ({ position, productId, quantity, unitPriceCents })),
      },
      createdAt: now,
      history: { create: { status: "PENDING", at: now } },
    },
    include: FULL,
  });
  await tx.outboxEvent.create({ data: outboxRow(orderEvent(created, null, null, now), now) });
  return created;
}

/** `onOutboxWrite` runs after each commit that wrote an event, so the relay can publish it at once. */
export function createOrderRepository(db: OrdersDb, { onOutboxWrite = () => {} }: { onOutboxWrite?: () => void } = {}) {
  return {
    /** One query for a whole batch of entity references; results in the order of `ids`. */
    findByIds(ids: readonly string[]): Promise<(OrderRecord | null)[]> {
      return loadByIds(ids, (uuids) => db.order.findMany({ where: { id: { in: uuids } }, include: FULL }));
    },

    findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<OrderRecord | null> {
      return db.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, include: FULL });
    },

    async pageForUser(userId: string, { take, after }: PageRequest): Promise<{ rows: OrderRecord[]; totalCount: number }> {
      if (!isUuid(userId)) return { rows: [], totalCount: 0 };
      const [rows, totalCount] = await Promise.all([
        db.order.findMany({ where: { userId, ...afterCursorWhere(after) }, orderBy: NEWEST_FIRST, take: take + 1, include: FULL }),
        db.order.count({ where: { userId } }),
      ]);
      return { rows, totalCount };
    },

    /**
     * Writes the order that `build` prepares (after reserving its stock), with its first history
     * entry and its `order.placed` event, in one transaction. With an idempotency key the whole
     * placement runs under a lock on (user, key): a concurrent request with the same key waits,
     * then gets the first order instead of reserving stock of its own.
     */
    async place(userId: string, idempotencyKey: string | null, build: () => Promise<NewOrder>): Promise<OrderRecord> {
      if (!idempotencyKey) {
        const order = await build();
        const created = await db.$transaction((tx) => insertOrder(tx, order));
        onOutboxWrite();
        return created;
      }
      const placed = await db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${userId}:${idempotencyKey}`}, 0))`;
          const earlier = await tx.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, include: FULL });
          if (earlier) return { order: earlier, created: false };
          return { order: await insertOrder(tx, await build()), created: true };
        },
        // `build` calls the products service, whose client times out well within this.
        { timeout: 15_000 },
      );
      if (placed.created) onOutboxWrite();
      return placed.order;
    },

    /**
     * Moves an order under a row lock: `decide` sees the locked order and returns the
     * change (or throws to refuse it); concurrent moves of one order queue behind each
     * other, so two admins can never both apply a move from the same status. The move's
     * event goes to the outbox in the same transaction.
     */
    async changeStatus(id: string, decide: (current: OrderRecord) => StatusChange): Promise<OrderRecord | null> {
      if (!isUuid(id)) return null;
      const updated = await db.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE`;
          if (locked.length === 0) return null;
          const current = await tx.order.findUniqueOrThrow({ where: { id }, include: FULL });
          const { status, reason } = decide(current);
          const now = new Date();
          const updated = await tx.order.update({
            where: { id },
            data: { status, history: { create: { status, reason, at: now } } },
            include: FULL,
          });
          await tx.outboxEvent.create({ data: outboxRow(orderEvent(updated, current.status, reason, now), now) });
          return updated;
        },
      );
      if (updated) onOutboxWrite();
      return updated;
    },

    /** An order's outbox events after a position, oldest first; published or not (the relay may be behind). */
    async eventsAfter(orderId: string, after: bigint, take: number) {
      const rows = await db.outboxEvent.findMany({ where: { aggregateId: orderId, position: { gt: after } }, orderBy: { position: "asc" }, take });
      return rows.map((row) => {
        const data = row.payload as unknown as OrderEventData;
        return { position: row.position.toString(), id: row.eventId, status: data.status, changedAt: new Date(data.changedAt) };
      });
    },

    /** Which of these ids are orders (the products service asks, to release orphaned reservations). */
    async existingIds(ids: readonly string[]): Promise<string[]> {
      const rows = await db.order.findMany({ where: { id: { in: ids.filter(isUuid) } }, select: { id: true } });
      return rows.map((row) => row.id);
    },
  };
}

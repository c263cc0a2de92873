import { isUniqueViolation, isUuid } from "@shop/db";
import { afterCursorWhere, NEWEST_FIRST, type PageRequest } from "@shop/pagination";
import type { OrderStatus, PricedLine } from "../domain/order-rules.ts";
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

export function createOrderRepository(db: OrdersDb) {
  return {
    async findById(id: string): Promise<OrderRecord | null> {
      return isUuid(id) ? db.order.findUnique({ where: { id }, include: FULL }) : null;
    },

    /** One query for a whole batch of entity references; results in the order of `ids`. */
    async findByIds(ids: readonly string[]): Promise<(OrderRecord | null)[]> {
      const rows = await db.order.findMany({ where: { id: { in: ids.filter(isUuid) } }, include: FULL });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
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

    /** The order with its lines and its first history entry; null if the idempotency key was used meanwhile. */
    async create(order: NewOrder): Promise<OrderRecord | null> {
      try {
        return await db.order.create({
          data: {
            id: order.id,
            userId: order.userId,
            idempotencyKey: order.idempotencyKey,
            totalCents: order.totalCents,
            currency: order.currency,
            items: {
              create: order.lines.map(({ productId, quantity, unitPriceCents }, position) => ({ position, productId, quantity, unitPriceCents })),
            },
            history: { create: { status: "PENDING" } },
          },
          include: FULL,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    /**
     * Moves an order under a row lock: `decide` sees the locked order and returns the
     * change (or throws to refuse it); concurrent moves of one order queue behind each
     * other, so two admins can never both apply a move from the same status.
     */
    async changeStatus(id: string, decide: (current: OrderRecord) => Promise<StatusChange>): Promise<OrderRecord | null> {
      if (!isUuid(id)) return null;
      return db.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE`;
          if (locked.length === 0) return null;
          const current = await tx.order.findUniqueOrThrow({ where: { id }, include: FULL });
          const { status, reason } = await decide(current);
          return tx.order.update({
            where: { id },
            data: { status, history: { create: { status, reason } } },
            include: FULL,
          });
        },
        // `decide` may call the products service, which has its own timeout below this one.
        { timeout: 15_000 },
      );
    },
  };
}

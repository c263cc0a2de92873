import { isUniqueViolation } from "@shop/db";
import { isUuid } from "@shop/ids";
import { STOCK_CHANGE } from "../domain/product-events.ts";
import type { ReservationItem } from "../domain/product-rules.ts";
import type { ProductsDb } from "./prisma.ts";
import { recordProductChange } from "./product-repository.ts";

export interface ReservationRecord {
  orderId: string;
  status: "RESERVED" | "COMMITTED" | "RELEASED";
  lines: { productId: string; quantity: number; unitPriceCents: number; currency: string }[];
}

/** Why a reservation could not be made; nothing was reserved. */
export type ReserveFailure =
  | { kind: "unknown-product"; productId: string }
  | { kind: "out-of-stock"; productId: string; requested: number; available: number };

export type ReservationRepository = ReturnType<typeof createReservationRepository>;

class ReservationAborted extends Error {
  constructor(readonly failure: ReserveFailure) {
    super(failure.kind);
  }
}

const WITH_LINES = { lines: { include: { product: { select: { currency: true } } } } } as const;

/** `onOutboxWrite`: called after each committed change of stock, so the relay publishes it at once. */
export function createReservationRepository(db: ProductsDb, { onOutboxWrite }: { onOutboxWrite?: () => void } = {}) {
  async function find(orderId: string): Promise<ReservationRecord | null> {
    const row = await db.stockReservation.findUnique({ where: { orderId }, include: WITH_LINES });
    if (!row) return null;
    return {
      orderId: row.orderId,
      status: row.status,
      lines: row.lines.map(({ productId, quantity, unitPriceCents, product }) => ({
        productId,
        quantity,
        unitPriceCents,
        currency: product.currency,
      })),
    };
  }

  return {
    find,

    /**
     * Takes the stock of every line in one transaction, or none of it. Each decrement is
     * a conditional UPDATE (`stock >= quantity`) on a locked row, so concurrent orders
     * can never sell more than there is. The same order id returns its first reservation
     * (which is RELEASED if the order was given up meanwhile: the caller must check).
     */
    async reserve(orderId: string, lines: ReservationItem[]): Promise<ReservationRecord | ReserveFailure> {
      const existing = await find(orderId);
      if (existing) return existing;
      const unknown = lines.find((line) => !isUuid(line.productId));
      if (unknown) return { kind: "unknown-product", productId: unknown.productId };
      try {
        await db.$transaction(async (tx) => {
          const reserved: { productId: string; quantity: number; unitPriceCents: number }[] = [];
          for (const { productId, quantity } of lines) {
            const taken = await tx.$queryRaw<{ price_cents: number }[]>`
              UPDATE products SET stock = stock - ${quantity}, updated_at = now()
              WHERE id = ${productId}::uuid AND stock >= ${quantity}
              RETURNING price_cents`;
            if (taken.length === 0) {
              const product = await tx.product.findUnique({ where: { id: productId }, select: { stock: true } });
              throw new ReservationAborted(
                product
                  ? { kind: "out-of-stock", productId, requested: quantity, available: product.stock }
                  : { kind: "unknown-product", productId },
              );
            }
            reserved.push({ productId, quantity, unitPriceCents: taken[0]!.price_cents });
          }
          await tx.stockReservation.create({ data: { orderId, lines: { create: reserved } } });
          await recordProductChange(tx, orderId, lines.map((line) => line.productId), STOCK_CHANGE);
        });
        onOutboxWrite?.();
      } catch (error) {
        if (error instanceof ReservationAborted) return error.failure;
        // A concurrent call for the same order won the race: its reservation is the answer.
        if (!isUniqueViolation(error)) throw error;
      }
      return (await find(orderId))!;
    },

    /** Reservations not yet known to belong to an order, made before `cutoff`, oldest first. */
    async heldSince(cutoff: Date, limit: number): Promise<string[]> {
      const rows = await db.stockReservation.findMany({
        where: { status: "RESERVED", createdAt: { lt: cutoff } },
        orderBy: { createdAt: "asc" },
        take: limit,
        select: { orderId: true },
      });
      return rows.map((row) => row.orderId);
    },

    /** The orders exist: their stock stays taken until they are cancelled. */
    async commit(orderIds: string[]): Promise<void> {
      await db.stockReservation.updateMany({ where: { orderId: { in: orderIds }, status: "RESERVED" }, data: { status: "COMMITTED" } });
    },

    /** Deletes up to `limit` released reservations (their lines go with them) last changed before `cutoff`; returns how many. */
    deleteReleasedBefore(cutoff: Date, limit: number): Promise<number> {
      return db.$executeRaw`DELETE FROM stock_reservations WHERE order_id IN (
        SELECT order_id FROM stock_reservations WHERE status = 'RELEASED' AND updated_at < ${cutoff} LIMIT ${limit})`;
    },

    /**
     * Gives the stock back once; later calls return the released reservation unchanged. An
     * order with no reservation yet gets an empty RELEASED one, so that a reservation still
     * in flight for it (a caller that gave up waiting) arrives too late to take any stock.
     */
    async release(orderId: string): Promise<ReservationRecord | null> {
      if (!isUuid(orderId)) return null;
      const releaseHeld = async () => {
        const count = await db.$transaction(async (tx) => {
          const { count } = await tx.stockReservation.updateMany({
            where: { orderId, status: { in: ["RESERVED", "COMMITTED"] } },
            data: { status: "RELEASED" },
          });
          const lines = count === 0 ? [] : await tx.stockReservationLine.findMany({ where: { orderId } });
          for (const { productId, quantity } of lines) {
            await tx.product.update({ where: { id: productId }, data: { stock: { increment: quantity } } });
          }
          if (lines.length > 0) await recordProductChange(tx, orderId, lines.map((line) => line.productId), STOCK_CHANGE);
          return count;
        });
        if (count > 0) onOutboxWrite?.();
        return count;
      };
      if ((await releaseHeld()) > 0) return find(orderId);
      const { count: tombstoned } = await db.stockReservation.createMany({ data: [{ orderId, status: "RELEASED" }], skipDuplicates: true });
      // No tombstone written: a reservation committed meanwhile (its insert held ours back). Release that one.
      if (tombstoned === 0) await releaseHeld();
      return find(orderId);
    },
  };
}

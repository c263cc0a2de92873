import { isUniqueViolation, loadByIds } from "@shop/db";
import { outboxRow } from "@shop/events";
import { isUuid } from "@shop/ids";
import { afterCursorWhere, NEWEST_FIRST, type PageRequest } from "@shop/pagination";
import { changesListing, productChanged } from "../domain/product-events.ts";
import type { Prisma, Product } from "./generated/client.ts";
import type { ProductsDb } from "./prisma.ts";

export type ProductRecord = Product;

export interface ProductFilter {
  search: string | null;
  category: string | null;
}

/** Announces, in the transaction of the change, that these products changed (the outbox relay publishes it). */
export async function recordProductChange(
  tx: Prisma.TransactionClient,
  aggregateId: string,
  productIds: readonly string[],
  change: { listingChanged: boolean },
): Promise<void> {
  const now = new Date();
  await tx.outboxEvent.create({ data: outboxRow(productChanged(aggregateId, productIds, change, now), now) });
}

export type ProductRepository = ReturnType<typeof createProductRepository>;

/** `contains` becomes ILIKE '%…%': the search text's own % and _ must match literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** `onOutboxWrite`: called after each committed change, so the relay publishes it at once. */
export function createProductRepository(db: ProductsDb, { onOutboxWrite }: { onOutboxWrite?: () => void } = {}) {
  async function changing<T>(change: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const result = await db.$transaction(change);
    onOutboxWrite?.();
    return result;
  }

  function filterWhere({ search: rawSearch, category }: ProductFilter): Prisma.ProductWhereInput {
    const search = rawSearch && likeLiteral(rawSearch);
    return {
      ...(search
        ? {
            OR: [
              { name: { contains: search, mode: "insensitive" } },
              { description: { contains: search, mode: "insensitive" } },
            ],
          }
        : {}),
      ...(category ? { category: { equals: category, mode: "insensitive" } } : {}),
    };
  }

  return {
    /** One query for a whole batch of entity references; results in the order of `ids`. */
    findByIds(ids: readonly string[]): Promise<(ProductRecord | null)[]> {
      return loadByIds(ids, (uuids) => db.product.findMany({ where: { id: { in: uuids } } }));
    },

    /** `take + 1` rows newest first, and how many match in all. */
    async page(filter: ProductFilter, { take, after }: PageRequest): Promise<{ rows: ProductRecord[]; totalCount: number }> {
      const where = filterWhere(filter);
      const [rows, totalCount] = await Promise.all([
        db.product.findMany({ where: { AND: [where, afterCursorWhere(after)] }, orderBy: NEWEST_FIRST, take: take + 1 }),
        db.product.count({ where }),
      ]);
      return { rows, totalCount };
    },

    async categories(): Promise<string[]> {
      const rows = await db.product.findMany({
        where: { category: { not: null } },
        distinct: ["category"],
        select: { category: true },
        orderBy: { category: "asc" },
      });
      return rows.map((row) => row.category!);
    },

    /** Null when the SKU is taken. */
    async create(data: Prisma.ProductCreateInput): Promise<ProductRecord | null> {
      try {
        return await changing(async (tx) => {
          const product = await tx.product.create({ data });
          await recordProductChange(tx, product.id, [product.id], { listingChanged: true });
          return product;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    async update(id: string, data: Prisma.ProductUpdateInput): Promise<ProductRecord | null> {
      if (!isUuid(id)) return null;
      return changing(async (tx) => {
        const { count } = await tx.product.updateMany({ where: { id }, data });
        if (count === 0) return null;
        await recordProductChange(tx, id, [id], { listingChanged: changesListing(data) });
        return tx.product.findUnique({ where: { id } });
      });
    },

    /**
     * Applies `next(current)` to a product's stock under a row lock, so concurrent
     * adjustments and reservations see each other. Null when there is no such product.
     */
    async changeStock(id: string, next: (current: number) => number): Promise<ProductRecord | null> {
      if (!isUuid(id)) return null;
      return changing(async (tx) => {
        const locked = await tx.$queryRaw<{ stock: number }[]>`SELECT stock FROM products WHERE id = ${id}::uuid FOR UPDATE`;
        if (locked.length === 0) return null;
        const product = await tx.product.update({ where: { id }, data: { stock: next(locked[0]!.stock) } });
        await recordProductChange(tx, id, [id], { listingChanged: false });
        return product;
      });
    },
  };
}

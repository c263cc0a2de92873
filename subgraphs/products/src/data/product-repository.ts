import { isUniqueViolation, loadByIds } from "@shop/db";
import { outboxRow } from "@shop/events";
import { isUuid } from "@shop/ids";
import type { PageRequest } from "@shop/pagination";
import { changesListing, productChanged, STOCK_CHANGE, type ProductChange } from "../domain/product-events.ts";
import { Prisma, type Product } from "./generated/client.ts";
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
  change: ProductChange,
): Promise<void> {
  const now = new Date();
  await tx.outboxEvent.create({ data: outboxRow(productChanged(aggregateId, productIds, change, now), now) });
}

export type ProductRepository = ReturnType<typeof createProductRepository>;

/** A pattern for ILIKE '%…%' in which the search text's own %, _ and \\ match literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** A products row as SQL returns it, with the count of every row the filter matches. */
interface PageRow {
  id: string | null;
  sku: string;
  name: string;
  description: string | null;
  price_cents: number;
  currency: string;
  category: string | null;
  stock: number;
  created_at: Date;
  updated_at: Date;
  total_count: number;
}

function productOf(row: PageRow): ProductRecord {
  return {
    id: row.id!,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    currency: row.currency,
    category: row.category,
    stock: row.stock,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `onOutboxWrite`: called after each committed change, so the relay publishes it at once. */
export function createProductRepository(db: ProductsDb, { onOutboxWrite }: { onOutboxWrite?: () => void } = {}) {
  async function changing<T>(change: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    const result = await db.$transaction(change);
    onOutboxWrite?.();
    return result;
  }

  return {
    /** One query for a whole batch of entity references; results in the order of `ids`. */
    findByIds(ids: readonly string[]): Promise<(ProductRecord | null)[]> {
      return loadByIds(ids, (uuids) => db.product.findMany({ where: { id: { in: uuids } } }));
    },

    /**
     * `take + 1` rows newest first after the cursor, and how many match in all: one statement
     * (the count rides along on every row, or alone on a null row when the page is empty). The
     * page is its own subquery so that it walks the (created_at, id) index and stops at its
     * LIMIT; EXPLAIN of each filter is in docs/performance.md.
     */
    async page({ search, category }: ProductFilter, { take, after }: PageRequest): Promise<{ rows: ProductRecord[]; totalCount: number }> {
      const conditions = [
        ...(search ? [Prisma.sql`(name ILIKE ${containsPattern(search)} OR description ILIKE ${containsPattern(search)})`] : []),
        ...(category ? [Prisma.sql`lower(category) = lower(${category})`] : []),
      ];
      const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
      const pageWhere = after
        ? Prisma.sql`WHERE ${Prisma.join([...conditions, Prisma.sql`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`], " AND ")}`
        : where;
      const rows = await db.$queryRaw<PageRow[]>`
        SELECT page.*, matching.total_count
        FROM (SELECT count(*)::int AS total_count FROM products ${where}) AS matching
        LEFT JOIN LATERAL (SELECT * FROM products ${pageWhere} ORDER BY created_at DESC, id DESC LIMIT ${take + 1}) AS page ON true
        ORDER BY page.created_at DESC, page.id DESC`;
      return { rows: rows.filter((row) => row.id !== null).map(productOf), totalCount: rows[0]?.total_count ?? 0 };
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
          await recordProductChange(tx, product.id, [product.id], { listingChanged: true, stockOnly: false });
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
        await recordProductChange(tx, id, [id], { listingChanged: changesListing(data), stockOnly: false });
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
        await recordProductChange(tx, id, [id], STOCK_CHANGE);
        return product;
      });
    },
  };
}

// Did the shop mix sell more than there was? From the data alone: each product's stock and the
// units of its orders that are not cancelled (orders database), before and after the mix.
// Units sold during the mix may not exceed the stock at its start; stock never goes below 0;
// and once the cancellations' events are handled, stock + units sold is what it was.
import { databaseUrlFor } from "@shop/config";
import { queryRows } from "./db.ts";

type Env = Record<string, string | undefined>;

export interface StockSnapshot {
  stock: Map<string, number>;
  /** Units on orders that are not cancelled, by product. */
  sold: Map<string, number>;
}

export interface StockAudit {
  /** Units sold beyond the stock a product had when the mix started, over all products. */
  oversoldUnits: number;
  oversoldProducts: number;
  negativeStockProducts: number;
  /** Net units sold during the mix (new orders less cancelled ones). */
  unitsSold: number;
  /** Σ |stock before − net units sold − stock after|: 0 once every cancellation is handled. */
  unaccountedUnits: number;
}

export async function stockSnapshot(env: Env = process.env): Promise<StockSnapshot> {
  const [stock, sold] = await Promise.all([
    queryRows<{ id: string; stock: number }>(databaseUrlFor("products", env), "SELECT id, stock FROM products"),
    queryRows<{ product_id: string; units: number }>(
      databaseUrlFor("orders", env),
      `SELECT i.product_id, sum(i.quantity)::int AS units FROM order_items i JOIN orders o ON o.id = i.order_id
       WHERE o.status <> 'CANCELLED' GROUP BY i.product_id`,
    ),
  ]);
  return { stock: new Map(stock.map((row) => [row.id, row.stock])), sold: new Map(sold.map((row) => [row.product_id, row.units])) };
}

export function auditStock(before: StockSnapshot, after: StockSnapshot): StockAudit {
  const audit: StockAudit = { oversoldUnits: 0, oversoldProducts: 0, negativeStockProducts: 0, unitsSold: 0, unaccountedUnits: 0 };
  for (const [id, stockAfter] of after.stock) {
    const stockBefore = before.stock.get(id) ?? 0;
    const sold = (after.sold.get(id) ?? 0) - (before.sold.get(id) ?? 0);
    audit.unitsSold += sold;
    if (sold > stockBefore) {
      audit.oversoldUnits += sold - stockBefore;
      audit.oversoldProducts++;
    }
    if (stockAfter < 0) audit.negativeStockProducts++;
    audit.unaccountedUnits += Math.abs(stockBefore - sold - stockAfter);
  }
  return audit;
}

/** The audit once stock and orders agree (cancellations give stock back through events), or as it stands after `timeoutMs`. */
export async function settledStockAudit(before: StockSnapshot, env: Env = process.env, timeoutMs = 20_000): Promise<StockAudit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const audit = auditStock(before, await stockSnapshot(env));
    if (audit.unaccountedUnits === 0 || Date.now() > deadline) return audit;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

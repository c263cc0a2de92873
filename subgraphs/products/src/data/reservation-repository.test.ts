// Against the real products test database: the guarantees the orders service relies on.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { createProductsDb } from "./prisma.ts";
import { createReservationRepository } from "./reservation-repository.ts";

const db = createProductsDb(databaseUrlFor("products"));
const reservations = createReservationRepository(db);

afterAll(() => db.$disconnect());

async function product(stock: number, priceCents = 250) {
  const sku = `RES-${randomUUID().slice(0, 8)}`.toUpperCase();
  return db.product.create({ data: { sku, name: sku, priceCents, currency: "EUR", stock } });
}

const stockOf = async (id: string) => (await db.product.findUniqueOrThrow({ where: { id } })).stock;

describe("stock reservations", () => {
  it("reserves all lines at their current price, once per order", async () => {
    const [a, b] = [await product(5, 100), await product(5, 300)];
    const orderId = randomUUID();
    const lines = [a, b].map((p) => ({ productId: p.id, quantity: 2 })).sort((x, y) => x.productId.localeCompare(y.productId));
    const first = await reservations.reserve(orderId, lines);
    expect(first).toMatchObject({ orderId, status: "RESERVED" });
    const again = await reservations.reserve(orderId, lines);
    expect(again).toEqual(first);
    expect(await stockOf(a.id)).toBe(3);
    expect(await stockOf(b.id)).toBe(3);
    expect("lines" in first && first.lines.find((line) => line.productId === b.id)).toMatchObject({ unitPriceCents: 300, currency: "EUR" });
  });

  it("reserves nothing when one line cannot be served", async () => {
    const [plenty, scarce] = [await product(10), await product(1)];
    const lines = [
      { productId: plenty.id, quantity: 4 },
      { productId: scarce.id, quantity: 2 },
    ].sort((x, y) => x.productId.localeCompare(y.productId));
    expect(await reservations.reserve(randomUUID(), lines)).toEqual({ kind: "out-of-stock", productId: scarce.id, requested: 2, available: 1 });
    expect(await stockOf(plenty.id)).toBe(10);
    expect(await reservations.reserve(randomUUID(), [{ productId: randomUUID(), quantity: 1 }])).toMatchObject({ kind: "unknown-product" });
    expect(await reservations.reserve(randomUUID(), [{ productId: "not-a-uuid", quantity: 1 }])).toMatchObject({ kind: "unknown-product" });
  });

  it("gives stock back exactly once", async () => {
    const p = await product(3);
    const orderId = randomUUID();
    await reservations.reserve(orderId, [{ productId: p.id, quantity: 3 }]);
    expect(await stockOf(p.id)).toBe(0);
    expect((await reservations.release(orderId))?.status).toBe("RELEASED");
    expect((await reservations.release(orderId))?.status).toBe("RELEASED");
    expect(await stockOf(p.id)).toBe(3);
    expect(await reservations.release("nope")).toBeNull();
  });

  it("refuses a reservation that arrives after its order was given up", async () => {
    const p = await product(3);
    const orderId = randomUUID();
    expect(await reservations.release(orderId)).toEqual({ orderId, status: "RELEASED", lines: [] });
    expect(await reservations.reserve(orderId, [{ productId: p.id, quantity: 2 }])).toEqual({ orderId, status: "RELEASED", lines: [] });
    expect(await stockOf(p.id)).toBe(3);
  });

  it("lets concurrent reservations of one order id produce one reservation", async () => {
    const p = await product(10);
    const orderId = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => reservations.reserve(orderId, [{ productId: p.id, quantity: 2 }])));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(await stockOf(p.id)).toBe(8);
  });

  it("deletes released reservations older than the retention, with their lines, and keeps the rest", async () => {
    const p = await product(10);
    const [oldReleased, oldTombstone, oldCommitted, recentReleased] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const orderId of [oldReleased, oldCommitted, recentReleased]) await reservations.reserve(orderId, [{ productId: p.id, quantity: 1 }]);
    await reservations.commit([oldCommitted]);
    for (const orderId of [oldReleased, oldTombstone, recentReleased]) await reservations.release(orderId);
    await db.$executeRaw`UPDATE stock_reservations SET updated_at = now() - interval '40 days' WHERE order_id IN (${oldReleased}::uuid, ${oldTombstone}::uuid, ${oldCommitted}::uuid)`;
    const cutoff = new Date(Date.now() - 30 * 86_400_000);

    // In batches: one at a time here.
    expect(await reservations.deleteReleasedBefore(cutoff, 1)).toBe(1);
    expect(await reservations.deleteReleasedBefore(cutoff, 10)).toBe(1);
    expect(await reservations.deleteReleasedBefore(cutoff, 10)).toBe(0);
    expect(await reservations.find(oldReleased)).toBeNull();
    expect(await reservations.find(oldTombstone)).toBeNull();
    expect(await db.stockReservationLine.count({ where: { orderId: oldReleased } })).toBe(0);
    expect(await reservations.find(oldCommitted)).toMatchObject({ status: "COMMITTED" });
    expect(await reservations.find(recentReleased)).toMatchObject({ status: "RELEASED" });
    expect(await stockOf(p.id)).toBe(9);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { databaseUrlFor } from "@shop/config";
import { ORDER_STATUS_MOVES } from "@shop/events";
import { verifyPassword } from "@shop/users-subgraph/password";
import { queryRows as query } from "./db.ts";
import { BENCH_PASSWORD, benchId, pathTo, planShop, seedShop, unitsHeld } from "./shop.ts";

describe("planShop", () => {
  const plan = planShop();

  it("is the issue's realistic shop: ≥ 2,000 products in ≥ 10 categories, ≥ 200 customers, ≥ 2,000 orders", () => {
    expect(plan.products.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(plan.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(10);
    expect(plan.customers.length).toBeGreaterThanOrEqual(200);
    expect(plan.orders.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(plan.products.map((p) => p.sku)).size).toBe(plan.products.length);
    expect(new Set(plan.orders.map((o) => o.id)).size).toBe(plan.orders.length);
  });

  it("is the same shop every time", () => {
    expect(planShop()).toEqual(plan);
  });

  it("gives each order a history of allowed moves from PENDING, lines of distinct products and the right total", () => {
    const prices = new Map(plan.products.map((p) => [p.id, p.priceCents]));
    for (const order of plan.orders) {
      const statuses = order.history.map((change) => change.status);
      expect(statuses[0]).toBe("PENDING");
      expect(statuses.at(-1)).toBe(order.status);
      for (let i = 1; i < statuses.length; i++) expect(ORDER_STATUS_MOVES[statuses[i - 1]!]).toContain(statuses[i]);
      expect(new Set(order.lines.map((l) => l.productId)).size).toBe(order.lines.length);
      expect(order.totalCents).toBe(order.lines.reduce((sum, l) => sum + l.quantity * prices.get(l.productId)!, 0));
    }
    expect(new Set(plan.orders.map((o) => o.status))).toEqual(new Set(Object.keys(ORDER_STATUS_MOVES)));
  });

  it("skews orders towards a few popular products", () => {
    const held = [...unitsHeld(plan).values()].sort((a, b) => b - a);
    const total = held.reduce((sum, x) => sum + x, 0);
    expect(held[0]! / total).toBeGreaterThan(0.05);
    expect(held.length).toBeGreaterThan(plan.products.length / 2);
  });

  it("finds the way to a status through the allowed moves", () => {
    expect(pathTo("DELIVERED")).toEqual(["PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"]);
    expect(pathTo("CANCELLED")).toEqual(["PENDING", "CANCELLED"]);
    expect(benchId("order", 1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("seedShop", () => {
  const small = planShop({ categories: 10, productsPerCategory: 3, customers: 4, ordersPerCustomer: 5 }, new Date(), 99);
  const clients = { users: databaseUrlFor("users"), products: databaseUrlFor("products"), orders: databaseUrlFor("orders") };

  afterAll(async () => {
    await query(clients.orders, "DELETE FROM orders WHERE id = ANY($1::uuid[])", [small.orders.map((o) => o.id)]);
    await query(clients.products, "DELETE FROM stock_reservations WHERE order_id = ANY($1::uuid[])", [small.orders.map((o) => o.id)]);
    await query(clients.products, "DELETE FROM products WHERE id = ANY($1::uuid[])", [small.products.map((p) => p.id)]);
    await query(clients.users, "DELETE FROM users WHERE id = ANY($1::uuid[])", [small.customers.map((c) => c.id)]);
  });

  it("writes the shop as placeOrder leaves it, once", async () => {
    expect(await seedShop(small)).toBe("seeded");
    expect(await seedShop(small)).toBe("already seeded");

    const products = await query<{ id: string; stock: number }>(clients.products, "SELECT id, stock FROM products WHERE id = ANY($1::uuid[])", [small.products.map((p) => p.id)]);
    expect(new Map(products.map((p) => [p.id, p.stock]))).toEqual(new Map(small.products.map((p) => [p.id, p.stock])));
    // Held stock: the committed reservations' lines are the non-cancelled orders' items.
    const held = await query<{ product_id: string; units: number }>(
      clients.products,
      `SELECT l.product_id, sum(l.quantity)::int AS units FROM stock_reservation_lines l JOIN stock_reservations r USING (order_id)
       WHERE r.status = 'COMMITTED' AND r.order_id = ANY($1::uuid[]) GROUP BY l.product_id`,
      [small.orders.map((o) => o.id)],
    );
    expect(new Map(held.map((row) => [row.product_id, row.units]))).toEqual(unitsHeld(small));
    const released = await query<{ count: string }>(clients.products, "SELECT count(*) FROM stock_reservations WHERE status = 'RELEASED' AND order_id = ANY($1::uuid[])", [small.orders.map((o) => o.id)]);
    expect(Number(released[0]!.count)).toBe(small.orders.filter((o) => o.status === "CANCELLED").length);

    const orders = await query<{ id: string; status: string; items: number; changes: number }>(
      clients.orders,
      `SELECT o.id, o.status, (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS items,
              (SELECT count(*)::int FROM order_status_changes c WHERE c.order_id = o.id) AS changes
       FROM orders o WHERE o.id = ANY($1::uuid[])`,
      [small.orders.map((o) => o.id)],
    );
    expect(orders).toHaveLength(small.orders.length);
    for (const order of small.orders) {
      const row = orders.find((o) => o.id === order.id)!;
      expect(row).toEqual({ id: order.id, status: order.status, items: order.lines.length, changes: order.history.length });
    }

    const users = await query<{ email: string; password_hash: string }>(clients.users, "SELECT email, password_hash FROM users WHERE id = ANY($1::uuid[])", [small.customers.map((c) => c.id)]);
    expect(users.map((u) => u.email).sort()).toEqual(small.customers.map((c) => c.email).sort());
    expect(await verifyPassword(BENCH_PASSWORD, users[0]!.password_hash)).toBe(true);
  });
});

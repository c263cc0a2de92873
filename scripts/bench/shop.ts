// The benchmark's shop: a catalogue, customers and their order history, planned
// deterministically (the same shop every time) and written straight into the services'
// databases, as placeOrder would have left them: every order's stock is held by a committed
// reservation (a released one for a cancelled order), and products' stock is what is left.
import { createHash } from "node:crypto";
import type pg from "pg";
import { databaseUrlFor } from "@shop/config";
import { ORDER_STATUS_MOVES, type OrderStatus } from "@shop/events";
import { hashPassword } from "@shop/users-subgraph/password";
import { withClient } from "./db.ts";
import { integerBetween, seededRandom, zipfPicker, type Random } from "./sampling.ts";

type Env = Record<string, string | undefined>;

export interface ShopSize {
  categories: number;
  productsPerCategory: number;
  customers: number;
  ordersPerCustomer: number;
}

/** Above the floor: ≥ 2,000 products in ≥ 10 categories, ≥ 200 customers, ≥ 2,000 orders. */
export const BENCH_SHOP: ShopSize = { categories: 12, productsPerCategory: 200, customers: 200, ordersPerCustomer: 12 };

/** Every bench customer's password (one scrypt hash shared by all of them). */
export const BENCH_PASSWORD = "bench-customer-password";
export const BENCH_SKU_PREFIX = "BENCH-";
const CUSTOMER_DOMAIN = "bench.shop.local";

const CATEGORY_NAMES = ["Apparel", "Kitchen", "Electronics", "Books", "Outdoors", "Garden", "Toys", "Beauty", "Sports", "Office", "Pets", "Grocery", "Music", "Tools", "Baby", "Automotive"];
const ADJECTIVES = ["Classic", "Compact", "Deluxe", "Eco", "Everyday", "Premium", "Rugged", "Smart", "Travel", "Vintage"];
const NOUNS = ["Basket", "Bundle", "Kit", "Set", "Pack", "Case", "Box", "Collection", "Edition", "Model"];

// How a seeded order ended up; the rest of its history is the shortest way there from PENDING.
const STATUS_SHARES: Record<OrderStatus, number> = { DELIVERED: 0.5, SHIPPED: 0.15, CONFIRMED: 0.15, PENDING: 0.12, CANCELLED: 0.08 };

export interface PlannedProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  category: string;
  /** Units left after the seeded orders took theirs. */
  stock: number;
  createdAt: Date;
}

export interface PlannedCustomer {
  id: string;
  email: string;
  name: string;
  phone: string;
  createdAt: Date;
}

export interface PlannedOrder {
  id: string;
  userId: string;
  status: OrderStatus;
  totalCents: number;
  createdAt: Date;
  history: { status: OrderStatus; at: Date }[];
  lines: { productId: string; quantity: number; unitPriceCents: number }[];
}

export interface ShopPlan {
  categories: string[];
  products: PlannedProduct[];
  customers: PlannedCustomer[];
  orders: PlannedOrder[];
}

/** A stable UUID (version 4 layout) for the n-th thing of a kind, so that seeding twice finds the same rows. */
export function benchId(kind: string, n: number): string {
  const hex = createHash("sha256").update(`bench:${kind}:${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** PENDING, …, `status`: the statuses an order passes through to reach `status` (ORDER_STATUS_MOVES). */
export function pathTo(status: OrderStatus): OrderStatus[] {
  const paths = new Map<OrderStatus, OrderStatus[]>([["PENDING", ["PENDING"]]]);
  const queue: OrderStatus[] = ["PENDING"];
  while (queue.length) {
    const from = queue.shift()!;
    for (const to of ORDER_STATUS_MOVES[from]) {
      if (!paths.has(to)) {
        paths.set(to, [...paths.get(from)!, to]);
        queue.push(to);
      }
    }
  }
  const path = paths.get(status);
  if (!path) throw new Error(`no order reaches ${status} from PENDING`);
  return path;
}

function pickStatus(random: Random): OrderStatus {
  let target = random();
  for (const [status, share] of Object.entries(STATUS_SHARES) as [OrderStatus, number][]) {
    target -= share;
    if (target < 0) return status;
  }
  return "DELIVERED";
}

const DAY = 86_400_000;

export function planShop(size: ShopSize = BENCH_SHOP, now = new Date("2026-01-01T00:00:00Z"), seed = 11): ShopPlan {
  const random = seededRandom(seed);
  if (size.categories > CATEGORY_NAMES.length) throw new Error(`at most ${CATEGORY_NAMES.length} categories`);
  const categories = CATEGORY_NAMES.slice(0, size.categories);
  const products: PlannedProduct[] = categories.flatMap((category, c) =>
    Array.from({ length: size.productsPerCategory }, (_, i) => {
      const n = c * size.productsPerCategory + i;
      const adjective = ADJECTIVES[i % ADJECTIVES.length]!;
      const noun = NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]!;
      return {
        id: benchId("product", n),
        sku: `${BENCH_SKU_PREFIX}${category.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(4, "0")}`,
        name: `${adjective} ${category} ${noun} ${i + 1}`,
        description: `${adjective} ${noun.toLowerCase()} from the ${category.toLowerCase()} range.`,
        priceCents: integerBetween(3, 400, random) * 100 - 1,
        category,
        stock: integerBetween(20, 500, random),
        createdAt: new Date(now.getTime() - 365 * DAY + n * 60_000),
      };
    }),
  );
  const customers: PlannedCustomer[] = Array.from({ length: size.customers }, (_, i) => ({
    id: benchId("customer", i),
    email: `customer-${String(i + 1).padStart(4, "0")}@${CUSTOMER_DOMAIN}`,
    name: `Bench Customer ${i + 1}`,
    phone: `+1555${String(1_000_000 + i).padStart(7, "0")}`,
    createdAt: new Date(now.getTime() - 300 * DAY + i * 3_600_000),
  }));
  const popularProduct = zipfPicker(products, 1, random);
  const orders: PlannedOrder[] = customers.flatMap((customer, c) =>
    Array.from({ length: size.ordersPerCustomer }, (_, i) => {
      const basket = new Map<PlannedProduct, number>();
      const lineCount = integerBetween(1, 4, random);
      while (basket.size < lineCount) basket.set(popularProduct(), integerBetween(1, 3, random));
      const lines = [...basket].map(([product, quantity]) => ({ productId: product.id, quantity, unitPriceCents: product.priceCents }));
      const status = pickStatus(random);
      const createdAt = new Date(now.getTime() - integerBetween(1, 180 * 24, random) * 3_600_000);
      return {
        id: benchId("order", c * size.ordersPerCustomer + i),
        userId: customer.id,
        status,
        totalCents: lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
        createdAt,
        history: pathTo(status).map((step, s) => ({ status: step, at: new Date(createdAt.getTime() + s * 6 * 3_600_000) })),
        lines,
      };
    }),
  );
  return { categories, products, customers, orders };
}

/** A product's stock before the seeded orders: what is left plus what its held reservations took. */
export function unitsHeld(plan: ShopPlan): Map<string, number> {
  const held = new Map<string, number>();
  for (const order of plan.orders) {
    if (order.status === "CANCELLED") continue;
    for (const line of order.lines) held.set(line.productId, (held.get(line.productId) ?? 0) + line.quantity);
  }
  return held;
}

async function inTransaction(client: pg.Client, work: () => Promise<void>): Promise<void> {
  await client.query("BEGIN");
  try {
    await work();
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

const lastOf = (order: PlannedOrder) => order.history.at(-1)!.at;

/**
 * Takes back the orders earlier runs placed (the shop mixes' and `npm start`'s demo orders, with
 * their reservations, the stock those held, and their notifications), so that every run reads
 * the same shop: otherwise customers' order lists grow from run to run, and the stock the demo
 * orders take runs out after enough runs. Only with the services stopped: a running gateway
 * would still hold answers with them. Returns how many orders went.
 */
export async function removeEarlierRunsOrders(plan: ShopPlan, env: Env = process.env): Promise<number> {
  const planned = [plan.orders.map((order) => order.id)];
  const removed = await withClient(databaseUrlFor("orders", env), async (client) => (await client.query("DELETE FROM orders WHERE NOT (id = ANY($1::uuid[]))", planned)).rowCount ?? 0);
  await withClient(databaseUrlFor("products", env), (client) =>
    inTransaction(client, async () => {
      // A released reservation gave its stock back already; the others still hold theirs.
      await client.query(
        `UPDATE products SET stock = stock + held.quantity
         FROM (SELECT line.product_id, sum(line.quantity) AS quantity
               FROM stock_reservation_lines line JOIN stock_reservations reservation USING (order_id)
               WHERE reservation.status <> 'RELEASED' AND NOT (reservation.order_id = ANY($1::uuid[]))
               GROUP BY line.product_id) held
         WHERE products.id = held.product_id`,
        planned,
      );
      await client.query("DELETE FROM stock_reservations WHERE NOT (order_id = ANY($1::uuid[]))", planned);
    }),
  );
  await withClient(databaseUrlFor("notifications", env), (client) => client.query("DELETE FROM notifications WHERE order_id IS NOT NULL AND NOT (order_id = ANY($1::uuid[]))", planned));
  return removed;
}

/**
 * Writes the shop unless it is there. The marker is the last step's result: every planned
 * order in the orders database. Each database is written in one transaction and every insert
 * skips rows that exist, so a seed that stopped half way completes on the next run.
 */
export async function seedShop(plan: ShopPlan, env: Env = process.env): Promise<"seeded" | "already seeded"> {
  const orderIds = plan.orders.map((order) => order.id);
  const seeded = await withClient(databaseUrlFor("orders", env), async (client) => {
    const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM orders WHERE id = ANY($1::uuid[])", [orderIds]);
    return Number(rows[0]!.count) === orderIds.length;
  });
  if (seeded) return "already seeded";

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await withClient(databaseUrlFor("users", env), (client) =>
    inTransaction(client, async () => {
      const { customers: c } = plan;
      await client.query(
        `INSERT INTO users (id, email, name, phone, password_hash, role, created_at, updated_at)
         SELECT id, email, name, phone, $5, 'CUSTOMER', created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::timestamptz[]) AS t(id, email, name, phone, created_at)
         ON CONFLICT DO NOTHING`,
        [c.map((x) => x.id), c.map((x) => x.email), c.map((x) => x.name), c.map((x) => x.phone), passwordHash, c.map((x) => x.createdAt)],
      );
    }),
  );

  const held = unitsHeld(plan);
  await withClient(databaseUrlFor("products", env), (client) =>
    inTransaction(client, async () => {
      const { products: p } = plan;
      // Inserted with the stock before the seeded orders; the reservations below take theirs off.
      await client.query(
        `INSERT INTO products (id, sku, name, description, price_cents, currency, category, stock, created_at, updated_at)
         SELECT id, sku, name, description, price_cents, 'EUR', category, stock, created_at, created_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::timestamptz[])
           AS t(id, sku, name, description, price_cents, category, stock, created_at)
         ON CONFLICT DO NOTHING`,
        [
          p.map((x) => x.id),
          p.map((x) => x.sku),
          p.map((x) => x.name),
          p.map((x) => x.description),
          p.map((x) => x.priceCents),
          p.map((x) => x.category),
          p.map((x) => x.stock + (held.get(x.id) ?? 0)),
          p.map((x) => x.createdAt),
        ],
      );
      const { rows } = await client.query<{ order_id: string }>(
        `INSERT INTO stock_reservations (order_id, status, created_at, updated_at)
         SELECT order_id, status::"ReservationStatus", created_at, updated_at
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS t(order_id, status, created_at, updated_at)
         ON CONFLICT DO NOTHING RETURNING order_id`,
        [orderIds, plan.orders.map((o) => (o.status === "CANCELLED" ? "RELEASED" : "COMMITTED")), plan.orders.map((o) => o.createdAt), plan.orders.map(lastOf)],
      );
      // Only the reservations written now take stock (a rerun after a half-finished seed takes none twice).
      const fresh = new Set(rows.map((row) => row.order_id));
      const lines = plan.orders.filter((o) => fresh.has(o.id)).flatMap((o) => o.lines.map((line) => ({ ...line, orderId: o.id, held: o.status !== "CANCELLED" })));
      await client.query(
        `INSERT INTO stock_reservation_lines (order_id, product_id, quantity, unit_price_cents)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[])`,
        [lines.map((l) => l.orderId), lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceCents)],
      );
      const taken = lines.filter((l) => l.held);
      await client.query(
        `UPDATE products SET stock = products.stock - t.quantity
         FROM (SELECT product_id, sum(quantity)::int AS quantity FROM unnest($1::uuid[], $2::int[]) AS u(product_id, quantity) GROUP BY product_id) AS t
         WHERE products.id = t.product_id`,
        [taken.map((l) => l.productId), taken.map((l) => l.quantity)],
      );
    }),
  );

  await withClient(databaseUrlFor("orders", env), (client) =>
    inTransaction(client, async () => {
      const { orders: o } = plan;
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO orders (id, user_id, status, total_cents, currency, created_at, updated_at)
         SELECT id, user_id, status::"OrderStatus", total_cents, 'EUR', created_at, updated_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[]) AS t(id, user_id, status, total_cents, created_at, updated_at)
         ON CONFLICT DO NOTHING RETURNING id`,
        [orderIds, o.map((x) => x.userId), o.map((x) => x.status), o.map((x) => x.totalCents), o.map((x) => x.createdAt), o.map(lastOf)],
      );
      const fresh = new Set(rows.map((row) => row.id));
      const added = o.filter((x) => fresh.has(x.id));
      const items = added.flatMap((x) => x.lines.map((line, position) => ({ ...line, orderId: x.id, position })));
      await client.query(
        `INSERT INTO order_items (order_id, position, product_id, quantity, unit_price_cents)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::int[], $5::int[])`,
        [items.map((i) => i.orderId), items.map((i) => i.position), items.map((i) => i.productId), items.map((i) => i.quantity), items.map((i) => i.unitPriceCents)],
      );
      const changes = added.flatMap((x) => x.history.map((change) => ({ ...change, orderId: x.id })));
      await client.query(
        `INSERT INTO order_status_changes (order_id, status, at)
         SELECT order_id, status::"OrderStatus", at FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS t(order_id, status, at)`,
        [changes.map((c) => c.orderId), changes.map((c) => c.status), changes.map((c) => c.at)],
      );
    }),
  );
  return "seeded";
}

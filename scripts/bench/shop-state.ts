// What the simulated shoppers know before a run: the whole catalogue, its categories, and each
// bench customer's orders (from the databases), and each customer's token (logged in once
// through the registered Login operation, the real path, then reused). And the shop's stock
// put back before a shop mix.
import { databaseUrlFor } from "@shop/config";
import { callRegistered, type RegisteredOperations } from "../registered-operations.ts";
import { queryRows } from "./db.ts";
import type { BenchCustomer, BenchShopState } from "./mixes.ts";
import { BENCH_PASSWORD, type PlannedCustomer, type PlannedProduct } from "./shop.ts";

type Env = Record<string, string | undefined>;

const LOGINS_AT_ONCE = 4;

async function login(gatewayUrl: string, operations: RegisteredOperations, email: string): Promise<string> {
  for (;;) {
    try {
      return (await callRegistered<{ login: { token: string } }>(gatewayUrl, operations, "Login", { email, password: BENCH_PASSWORD })).login.token;
    } catch (error) {
      const { code, retryAfter } = error as { code?: string; retryAfter?: number };
      // An attached supergraph keeps its sign-in limit per client address (AUTH_LIMIT_PER_ADDRESS): wait as it says.
      if (code !== "RATE_LIMITED") throw error;
      console.log(`bench: sign-in limit reached, logging in again in ${retryAfter ?? 10} s`);
      await new Promise((resolve) => setTimeout(resolve, (retryAfter ?? 10) * 1000));
    }
  }
}

export async function loadShopState(gatewayUrl: string, operations: RegisteredOperations, customers: readonly PlannedCustomer[], env: Env): Promise<BenchShopState> {
  const [products, orders] = await Promise.all([
    queryRows<{ id: string; category: string | null }>(databaseUrlFor("products", env), "SELECT id, category FROM products ORDER BY id"),
    queryRows<{ id: string; user_id: string; status: string }>(
      databaseUrlFor("orders", env),
      "SELECT id, user_id, status FROM orders WHERE user_id = ANY($1::uuid[]) ORDER BY created_at",
      [customers.map((c) => c.id)],
    ),
  ]);
  const state: BenchCustomer[] = customers.map((customer) => {
    const own = orders.filter((order) => order.user_id === customer.id);
    return {
      email: customer.email,
      token: "",
      orderIds: own.map((order) => order.id),
      cancellable: own.filter((order) => order.status === "PENDING" || order.status === "CONFIRMED").map((order) => order.id),
    };
  });
  for (let i = 0; i < state.length; i += LOGINS_AT_ONCE) {
    await Promise.all(state.slice(i, i + LOGINS_AT_ONCE).map(async (customer) => (customer.token = await login(gatewayUrl, operations, customer.email))));
  }
  return {
    productIds: products.map((product) => product.id),
    categories: [...new Set(products.flatMap((product) => (product.category ? [product.category] : [])))].sort(),
    customers: state,
  };
}

const ADJUSTMENTS_AT_ONCE = 8;

/**
 * Sets every bench product's stock back to what it was seeded with, through the registered
 * AdjustStock operation as the administrator (the real path: its events reach whatever caches
 * products), so that each shop mix starts from the same shop. Returns how many products it adjusted.
 */
export async function restock(gatewayUrl: string, operations: RegisteredOperations, admin: { email: string; password: string }, products: readonly PlannedProduct[], env: Env): Promise<number> {
  const current = new Map(
    (await queryRows<{ id: string; stock: number }>(databaseUrlFor("products", env), "SELECT id, stock FROM products WHERE id = ANY($1::uuid[])", [products.map((p) => p.id)])).map((row) => [row.id, row.stock]),
  );
  // Down as well as up: cancelled seeded orders gave units back.
  const short = products.filter((product) => (current.get(product.id) ?? product.stock) !== product.stock);
  if (short.length === 0) return 0;
  const token = (await callRegistered<{ login: { token: string } }>(gatewayUrl, operations, "Login", admin)).login.token;
  for (let i = 0; i < short.length; i += ADJUSTMENTS_AT_ONCE) {
    await Promise.all(
      short.slice(i, i + ADJUSTMENTS_AT_ONCE).map((product) => callRegistered(gatewayUrl, operations, "AdjustStock", { productId: product.id, delta: product.stock - current.get(product.id)! }, token)),
    );
  }
  return short.length;
}

// What the simulated shoppers know before a run: the whole catalogue, its categories, and each
// bench customer's orders (from the databases), and each customer's token (logged in once
// through the registered Login operation, the real path, then reused).
import pg from "pg";
import { databaseUrlFor } from "@shop/config";
import { callRegistered, type RegisteredOperations } from "../registered-operations.ts";
import type { BenchCustomer, BenchShopState } from "./mixes.ts";
import { BENCH_PASSWORD, type PlannedCustomer } from "./shop.ts";

type Env = Record<string, string | undefined>;

const LOGINS_AT_ONCE = 4;

async function rows<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

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
    rows<{ id: string; category: string | null }>(databaseUrlFor("products", env), "SELECT id, category FROM products ORDER BY id"),
    rows<{ id: string; user_id: string; status: string }>(
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

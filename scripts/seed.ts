// Demo data. `npm run db:seed` fills the users and products databases directly; the demo
// orders go through the running gateway (as a customer would place them, with the SPA's
// registered operations, which a gateway with the operation safelist accepts), which
// `npm start` does once everything is up. Every step is idempotent.
import { pathToFileURL } from "node:url";
import { databaseUrlFor } from "@shop/config";
import { seedProducts } from "@shop/products-subgraph/seed";
import { DEMO_CUSTOMER, seedUsers } from "@shop/users-subgraph/seed";
import { callRegistered, registeredOperations } from "./registered-operations.ts";

type Env = Record<string, string | undefined>;

export { DEMO_CUSTOMER };

export async function seedDatabases(env: Env = process.env): Promise<void> {
  await seedUsers(databaseUrlFor("users", env));
  const added = await seedProducts(databaseUrlFor("products", env));
  console.log(`seed: demo customer ready, ${added} products added`);
}

/** Three demo orders for the demo customer, one of them moved on by the administrator. */
export async function seedOrders(gatewayUrl: string, admin: { email: string; password: string }): Promise<void> {
  // With the text: a development gateway (no safelist) knows the operations only from it.
  const operations = registeredOperations({ withText: true });
  const call = <T>(name: string, variables: Record<string, unknown>, token?: string) => callRegistered<T>(gatewayUrl, operations, name, variables, token);
  const login = async (credentials: { email: string; password: string }) => (await call<{ login: { token: string } }>("Login", credentials)).login.token;
  const customer = await login(DEMO_CUSTOMER);
  const adminToken = await login(admin);
  const { products } = await call<{ products: { edges: { node: { id: string } }[] } }>("Catalogue", { first: 6 });
  const ids = products.edges.map((edge) => edge.node.id);
  const baskets = [ids.slice(0, 2), ids.slice(2, 3), ids.slice(3, 6)];
  for (const [index, basket] of baskets.entries()) {
    const { placeOrder } = await call<{ placeOrder: { id: string; status: string } }>(
      "PlaceOrder",
      { input: { idempotencyKey: `demo-order-${index + 1}`, items: basket.map((productId) => ({ productId, quantity: 1 })) } },
      customer,
    );
    if (index === 0 && placeOrder.status === "PENDING") {
      await call("UpdateOrderStatus", { id: placeOrder.id, status: "CONFIRMED" }, adminToken);
    }
  }
  console.log("seed: demo orders ready");
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await seedDatabases();
}

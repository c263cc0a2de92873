// Demo data. `npm run db:seed` fills the users and products databases directly; the demo
// orders go through the running gateway (as a customer would place them), which
// `npm start` does once everything is up. Every step is idempotent.
import { pathToFileURL } from "node:url";
import { databaseUrlFor } from "@shop/config";
import { seedProducts } from "@shop/products-subgraph/seed";
import { DEMO_CUSTOMER, seedUsers } from "@shop/users-subgraph/seed";

type Env = Record<string, string | undefined>;

export { DEMO_CUSTOMER };

export async function seedDatabases(env: Env = process.env): Promise<void> {
  await seedUsers(databaseUrlFor("users", env));
  const added = await seedProducts(databaseUrlFor("products", env));
  console.log(`seed: demo customer ready, ${added} products added`);
}

async function call<T>(gatewayUrl: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`seed: ${body.errors?.map((e) => e.message).join("; ")}`);
  return body.data;
}

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

/** Three demo orders for the demo customer, one of them moved on by the administrator. */
export async function seedOrders(gatewayUrl: string, admin: { email: string; password: string }): Promise<void> {
  const customer = (await call<{ login: { token: string } }>(gatewayUrl, LOGIN, DEMO_CUSTOMER)).login.token;
  const adminToken = (await call<{ login: { token: string } }>(gatewayUrl, LOGIN, admin)).login.token;
  const { products } = await call<{ products: { edges: { node: { id: string } }[] } }>(
    gatewayUrl,
    `{ products(first: 6) { edges { node { id } } } }`,
    {},
  );
  const ids = products.edges.map((edge) => edge.node.id);
  const baskets = [ids.slice(0, 2), ids.slice(2, 3), ids.slice(3, 6)];
  for (const [index, basket] of baskets.entries()) {
    const { placeOrder } = await call<{ placeOrder: { id: string; status: string } }>(
      gatewayUrl,
      `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`,
      { input: { idempotencyKey: `demo-order-${index + 1}`, items: basket.map((productId) => ({ productId, quantity: 1 })) } },
      customer,
    );
    if (index === 0 && placeOrder.status === "PENDING") {
      await call(gatewayUrl, `mutation ($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id } }`, { id: placeOrder.id }, adminToken);
    }
  }
  console.log("seed: demo orders ready");
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await seedDatabases();
}

// The whole supergraph in this test process: four subgraphs and the gateway on free
// ports, talking over real HTTP to each other and to real PostgreSQL. In-process so that
// coverage sees the services' code.
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { startNotificationsSubgraph } from "@shop/notifications-subgraph";
import { loadNotificationsConfig } from "@shop/notifications-subgraph/config";
import { startOrdersSubgraph } from "@shop/orders-subgraph";
import { loadOrdersConfig } from "@shop/orders-subgraph/config";
import { startProductsSubgraph } from "@shop/products-subgraph";
import { loadProductsConfig } from "@shop/products-subgraph/config";
import { startUsersSubgraph } from "@shop/users-subgraph";
import { loadUsersConfig } from "@shop/users-subgraph/config";

type RunningService = Awaited<ReturnType<typeof startUsersSubgraph>>["service"];

export interface Stack {
  gatewayUrl: string;
  services: Record<"users" | "products" | "orders" | "notifications" | "gateway", RunningService>;
  stop(): Promise<void>;
}

export const ADMIN = { email: "admin@test.shop", password: "admin-password-1" };

export interface StackOptions {
  env?: Record<string, string>;
  /** Sees every SQL statement of the products service. */
  onProductsQuery?: (sql: string) => void;
}

export async function startStack({ env: overrides = {}, onProductsQuery }: StackOptions = {}): Promise<Stack> {
  const env = {
    ...process.env,
    USERS_PORT: "0",
    PRODUCTS_PORT: "0",
    ORDERS_PORT: "0",
    NOTIFICATIONS_PORT: "0",
    GATEWAY_PORT: "0",
    HOST: "127.0.0.1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...overrides,
  };
  const users = (await startUsersSubgraph(loadUsersConfig(env))).service;
  const products = (await startProductsSubgraph(loadProductsConfig(env), { onQuery: onProductsQuery })).service;
  const orders = (await startOrdersSubgraph(loadOrdersConfig({ ...env, PRODUCTS_URL: products.url }))).service;
  const notifications = (await startNotificationsSubgraph(loadNotificationsConfig(env))).service;
  const gateway = (
    await startGateway(
      loadGatewayConfig({
        ...env,
        USERS_URL: users.url,
        PRODUCTS_URL: products.url,
        ORDERS_URL: orders.url,
        NOTIFICATIONS_URL: notifications.url,
      }),
    )
  ).service;
  const services = { users, products, orders, notifications, gateway };
  return {
    gatewayUrl: gateway.url,
    services,
    async stop() {
      await gateway.stop();
      await Promise.all([users, products, orders, notifications].map((service) => service.stop()));
    },
  };
}

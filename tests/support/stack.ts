// The whole supergraph in this test process: four subgraphs and the gateway on free
// ports, talking over real HTTP to each other, to real PostgreSQL and to real Redis.
// In-process so that coverage sees the services' code. Each stack has its own Redis
// namespace; stacks share the test databases, so test files run one at a time.
import { randomUUID } from "node:crypto";
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
import { freePort } from "./ports.ts";

type RunningService = Awaited<ReturnType<typeof startUsersSubgraph>>["service"];
export type ServiceName = "users" | "products" | "orders" | "notifications" | "gateway";

export interface Stack {
  gatewayUrl: string;
  services: Record<ServiceName, RunningService>;
  /** The environment every service was started with (ports, URLs, namespace). */
  env: Record<string, string | undefined>;
  /** Where a service serves Prometheus metrics (on its own port, not through the gateway). */
  metricsUrl(name: ServiceName): string;
  /** Stops one service, e.g. to see the others cope, and starts it again on the same port. */
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export const ADMIN = { email: "admin@test.shop", password: "admin-password-1" };

export interface StackOptions {
  env?: Record<string, string>;
  /** Sees every SQL statement of the products service. */
  onProductsQuery?: (sql: string) => void;
}

export async function startStack({ env: overrides = {}, onProductsQuery }: StackOptions = {}): Promise<Stack> {
  const ports = { USERS: await freePort(), PRODUCTS: await freePort(), ORDERS: await freePort(), NOTIFICATIONS: await freePort(), GATEWAY: await freePort() };
  const env: Record<string, string | undefined> = {
    ...process.env,
    HOST: "127.0.0.1",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    EVENTS_NAMESPACE: `test-${randomUUID()}`,
    ...Object.fromEntries(Object.keys(ports).map((name) => [`${name}_METRICS_PORT`, "0"])),
    ...Object.fromEntries(Object.entries(ports).flatMap(([name, port]) => [
      [`${name}_PORT`, String(port)],
      [`${name}_URL`, `http://127.0.0.1:${port}/graphql`],
    ])),
    ...overrides,
  };
  const starters: Record<ServiceName, () => Promise<RunningService>> = {
    users: async () => (await startUsersSubgraph(loadUsersConfig(env))).service,
    products: async () => (await startProductsSubgraph(loadProductsConfig(env), { onQuery: onProductsQuery })).service,
    orders: async () => (await startOrdersSubgraph(loadOrdersConfig(env))).service,
    notifications: async () => (await startNotificationsSubgraph(loadNotificationsConfig(env))).service,
    gateway: async () => (await startGateway(loadGatewayConfig(env))).service,
  };
  const services = {} as Record<ServiceName, RunningService>;
  for (const name of Object.keys(starters) as ServiceName[]) services[name] = await starters[name]();
  return {
    gatewayUrl: services.gateway.url,
    services,
    env,
    metricsUrl: (name) => `http://127.0.0.1:${services[name].metricsPort}/metrics`,
    stopService: (name) => services[name].stop(),
    async startService(name) {
      services[name] = await starters[name]();
    },
    async stop() {
      await services.gateway.stop();
      await Promise.all((["users", "products", "orders", "notifications"] as const).map((name) => services[name].stop()));
    },
  };
}

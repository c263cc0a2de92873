// Which environment variables each service reads, derived from its configuration code (the zod
// schemas in gateway/src/config.ts, subgraphs/*/src/config.ts and packages/config), so that a
// variable added there is checked against docker-compose.yml and deploy/k8s without anyone
// remembering to list it here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SUBGRAPHS, subgraphEnv, tracingEnv, type SubgraphName } from "@shop/config";
import { gatewayEnv } from "@shop/gateway/config";
import { notificationsEnv } from "@shop/notifications-subgraph/config";
import { ordersEnv } from "@shop/orders-subgraph/config";
import { productsEnv } from "@shop/products-subgraph/config";
import { usersEnv } from "@shop/users-subgraph/config";
import { SERVICES, type ServiceName } from "./contracts.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const subgraphNames = Object.keys(SUBGRAPHS) as SubgraphName[];

/** The GraphQL port each service listens on when `<NAME>_PORT` is not set. */
export const SERVICE_PORTS: Record<ServiceName, number> = { gateway: gatewayEnv.GATEWAY_PORT.parse(undefined), ...SUBGRAPHS };

export function configSourceOf(service: ServiceName): string {
  const path = service === "gateway" ? "gateway/src/config.ts" : `subgraphs/${service}/src/config.ts`;
  return readFileSync(`${root}${path}`, "utf8");
}

// Each service's zod shape: every subgraph's shared variables plus its own; the gateway's own.
const OWN_ENV: Record<ServiceName, object> = {
  gateway: gatewayEnv,
  users: { ...subgraphEnv("users"), ...usersEnv },
  products: { ...subgraphEnv("products"), ...productsEnv },
  orders: { ...subgraphEnv("orders"), ...ordersEnv },
  notifications: { ...subgraphEnv("notifications"), ...notificationsEnv },
};

/** The variables `service` reads: its zod schema, the tracing SDK's, and the subgraph URLs it resolves. */
export function variablesRead(service: ServiceName): Set<string> {
  const read = new Set([...Object.keys(OWN_ENV[service]!), ...Object.keys(tracingEnv)]);
  // subgraphUrlFor("users", ...) reads USERS_URL outside the schema; the gateway maps it over every subgraph.
  for (const match of configSourceOf(service).matchAll(/subgraphUrlFor\(("(\w+)"|name)/g)) {
    for (const name of match[2] ? [match[2]] : subgraphNames) read.add(`${name.toUpperCase()}_URL`);
  }
  return read;
}

/**
 * Variables a deployment may leave unset because the code's default is also right inside a
 * container or pod. Everything else a service reads must be set by docker-compose.yml and by
 * deploy/k8s: a new variable fails the deploy tests until it is set there or listed here.
 */
export const DEFAULT_IS_RIGHT: Record<string, string> = {
  // Ports: the defaults are the ports the containers declare (checked by the port tests).
  ...Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_PORT`, "default port"])),
  // Databases: derived from POSTGRES_URL and DATABASE_PREFIX, which are set.
  ...Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, "derived database URL"])),
  EVENTS_NAMESPACE: "one deployment per Redis",
  OTEL_SERVICE_NAME: "the service's name",
  // Unset exports nothing (a cluster without a collector); compose and production set it (own tests).
  OTEL_EXPORTER_OTLP_ENDPOINT: "no export",
  OTEL_TRACES_SAMPLER: "parentbased_always_on",
  OTEL_TRACES_SAMPLER_ARG: "only with a ratio sampler",
  OTEL_BSP_SCHEDULE_DELAY: "tuning",
  JWT_TTL: "tuning",
  PRODUCTS_TIMEOUT_MS: "tuning",
  PRODUCTS_BREAKER_RESET_MS: "tuning",
  OUTBOX_POLL_MS: "tuning",
  ORDERS_TIMEOUT_MS: "tuning",
  RESERVATION_TTL_MS: "tuning",
  RECONCILE_INTERVAL_MS: "tuning",
  USERS_TIMEOUT_MS: "tuning",
  DELIVERY_TIMEOUT_MS: "tuning",
  DELIVERY_POLL_MS: "tuning",
  NOTIFICATION_MAX_ATTEMPTS: "tuning",
  NOTIFICATION_RETRY_BASE_MS: "tuning",
  SUBGRAPH_TIMEOUT_MS: "tuning",
  GATEWAY_REQUEST_TIMEOUT_MS: "tuning",
  GATEWAY_MAX_RESPONSE_BYTES: "tuning",
  MAX_SUBSCRIPTIONS_PER_CONNECTION: "tuning",
  MAX_CONNECTIONS_PER_USER: "tuning",
  SUBSCRIPTION_KEEPALIVE_MS: "tuning",
  MAX_CONCURRENT_FOLLOW_UPS: "tuning",
  GATEWAY_RESPONSE_CACHE_MAX_ENTRIES: "tuning",
  GATEWAY_RESPONSE_CACHE_TTL_MS: "tuning",
  AUTH_LIMIT_PER_ACCOUNT: "tuning",
  AUTH_LIMIT_PER_ADDRESS: "tuning",
  AUTH_LIMIT_WINDOW_SECONDS: "tuning",
  // Which proxies to trust depends on the cluster's ingress: docs name it for deployments behind one.
  TRUST_PROXY: "no proxy trusted until the deployment names its own",
  GATEWAY_MAX_DEPTH: "tuning",
  GATEWAY_MAX_ALIASES: "tuning",
  GATEWAY_MAX_ROOT_FIELDS: "tuning",
  GATEWAY_MAX_TOKENS: "tuning",
  GATEWAY_MAX_DIRECTIVES: "tuning",
  GATEWAY_MAX_COST: "tuning",
  GATEWAY_DEFAULT_LIST_SIZE: "tuning",
  GATEWAY_OPERATION_LIMITS_MODE: "enforce is the default",
  SMTP_FROM: "a sender name",
  SMS_FROM: "a sender name",
  OPERATION_SAFELIST: "off unless chosen",
  CORS_ORIGINS: "local front-end origins; production sets its own",
  // The image holds the repository: the paths next to the sources are right in it.
  SUPERGRAPH_PATH: "inside the image",
  STOREFRONT_DIR: "the image serves no storefront (docs/storefront.md: hosting it)",
  PERSISTED_QUERY_MANIFEST_PATH: "inside the image",
};

/** What a deployment must set for `service`: what it reads, less what may stay at its default. */
export function variablesToSet(service: ServiceName): string[] {
  return [...variablesRead(service)].filter((name) => !(name in DEFAULT_IS_RIGHT)).sort();
}

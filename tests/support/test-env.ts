// Relative, not @shop/config: vitest's config loader, which imports this file, runs no TypeScript from packages.
import { generateKeys } from "../../packages/config/src/keys.ts";

/** The environment every test runs in: databases of its own (shop_test_users, ...), quiet logs. */
export const TEST_ENV = {
  // Keys of this test run alone, so that none is ever committed (every service requires them).
  ...generateKeys(),
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  // TEST_DATABASE_PREFIX lets two test runs on one machine (two CI jobs, say) keep apart.
  DATABASE_PREFIX: process.env.TEST_DATABASE_PREFIX || "shop_test",
  APOLLO_TELEMETRY_DISABLED: "1",
  // Services a test starts on its own publish here, never into a developer's "shop" streams;
  // TEST_EVENTS_NAMESPACE keeps two runs sharing one Redis apart, as the prefix does databases.
  EVENTS_NAMESPACE: process.env.TEST_EVENTS_NAMESPACE || "shop-test",
  // Metrics on free ports: several services (and several test runs) share this machine.
  GATEWAY_METRICS_PORT: "0",
  USERS_METRICS_PORT: "0",
  PRODUCTS_METRICS_PORT: "0",
  ORDERS_METRICS_PORT: "0",
  NOTIFICATIONS_METRICS_PORT: "0",
};

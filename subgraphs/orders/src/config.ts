import { env, loadSubgraphConfig, subgraphUrlFor } from "@shop/config";

export function loadOrdersConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("orders", { PRODUCTS_TIMEOUT_MS: env.positiveInt(2000) }, source);
  return { ...config, productsUrl: subgraphUrlFor("products", source), productsTimeoutMs: config.env.PRODUCTS_TIMEOUT_MS };
}

export type OrdersConfig = ReturnType<typeof loadOrdersConfig>;

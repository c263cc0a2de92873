import { loadSubgraphConfig } from "@shop/config";

export function loadProductsConfig(source: Record<string, string | undefined> = process.env) {
  return loadSubgraphConfig("products", {}, source);
}

export type ProductsConfig = ReturnType<typeof loadProductsConfig>;

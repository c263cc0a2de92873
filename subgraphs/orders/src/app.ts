import DataLoader from "dataloader";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { OrdersConfig } from "./config.ts";
import { createOrderRepository } from "./data/order-repository.ts";
import { createOrdersDb } from "./data/prisma.ts";
import { createProductsClient } from "./data/products-client.ts";
import { createOrderService } from "./domain/order-service.ts";
import { resolvers, type OrdersContext } from "./resolvers/index.ts";

export async function startOrdersSubgraph(config: OrdersConfig) {
  const runtime = createSubgraphRuntime(config);
  const db = createOrdersDb(config.databaseUrl);
  const orders = createOrderRepository(db);
  const products = createProductsClient({ url: config.productsUrl, timeoutMs: config.productsTimeoutMs, tokens: runtime.tokens });
  const orderService = createOrderService({ orders, products });
  const service = await startSubgraph<OrdersContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    context: (base) => ({ ...base, orderService, orderById: new DataLoader((ids) => orders.findByIds(ids)) }),
  });
  return { service, logger: runtime.logger };
}

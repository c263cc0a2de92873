import DataLoader from "dataloader";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { ProductsConfig } from "./config.ts";
import { createProductsDb } from "./data/prisma.ts";
import { createProductRepository } from "./data/product-repository.ts";
import { createReservationRepository } from "./data/reservation-repository.ts";
import { createProductService } from "./domain/product-service.ts";
import { resolvers, type ProductsContext } from "./resolvers/index.ts";

/** `onQuery` observes every SQL statement (tests use it to prove entity loads are batched). */
export async function startProductsSubgraph(config: ProductsConfig, { onQuery }: { onQuery?: (sql: string) => void } = {}) {
  const runtime = createSubgraphRuntime(config);
  const db = createProductsDb(config.databaseUrl, onQuery);
  const products = createProductRepository(db);
  const productService = createProductService({ products, reservations: createReservationRepository(db) });
  const service = await startSubgraph<ProductsContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    context: (base) => ({ ...base, productService, productById: new DataLoader((ids) => products.findByIds(ids)) }),
  });
  return { service, logger: runtime.logger };
}

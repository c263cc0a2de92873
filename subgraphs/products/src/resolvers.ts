import type DataLoader from "dataloader";
import { requireAdmin, requireService } from "@shop/auth";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { ProductRecord } from "./data/product-repository.ts";
import type { NewProductInput, ProductChanges, ReservationItem } from "./domain/product-rules.ts";
import type { ProductListArgs, ProductService } from "./domain/product-service.ts";

export interface ProductsContext extends SubgraphContext {
  productService: ProductService;
  productById: DataLoader<string, ProductRecord | null>;
}

type Ctx = ProductsContext;

export const resolvers = {
  DateTime,
  Query: {
    product: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.productById.load(id),
    products: (_: unknown, args: ProductListArgs, ctx: Ctx) => ctx.productService.list(args),
    categories: (_: unknown, __: unknown, ctx: Ctx) => ctx.productService.categories(),
  },
  Mutation: {
    createProduct(_: unknown, { input }: { input: NewProductInput }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return ctx.productService.create(input);
    },
    updateProduct(_: unknown, { id, input }: { id: string; input: ProductChanges }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return ctx.productService.update(id, input);
    },
    adjustStock(_: unknown, { productId, delta }: { productId: string; delta: number }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return ctx.productService.adjustStock(productId, delta);
    },
    reserveStock(_: unknown, { input }: { input: { orderId: string; items: ReservationItem[] } }, ctx: Ctx) {
      requireService(ctx.auth, "orders");
      return ctx.productService.reserve(input.orderId, input.items);
    },
    releaseStock(_: unknown, { orderId }: { orderId: string }, ctx: Ctx) {
      requireService(ctx.auth, "orders");
      return ctx.productService.release(orderId);
    },
  },
  Product: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.productById.load(ref.id),
  },
};

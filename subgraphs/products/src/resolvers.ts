import type DataLoader from "dataloader";
import { requireAdmin, requireService } from "@shop/auth";
import { cacheTag } from "@shop/events";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { ProductRecord } from "./data/product-repository.ts";
import type { NewProductInput, ProductChanges, ReservationItem } from "./domain/product-rules.ts";
import type { ProductListArgs, ProductService } from "./domain/product-service.ts";

export interface ProductsContext extends SubgraphContext {
  productService: ProductService;
  productById: DataLoader<string, ProductRecord | null>;
}

type Ctx = ProductsContext;

/** Every query field tags what it read (the gateway caches their answers until a product event drops a tag). */
export const CACHEABLE_ROOT_FIELDS = ["product", "products", "categories", "_entities"] as const;

function productById(id: string, ctx: Ctx) {
  ctx.cacheTags.add(cacheTag.product(id));
  return ctx.productById.load(id);
}

/** Names what a mutation changed, so that the gateway that sent it serves the change at once. */
async function changed(product: Promise<ProductRecord>, ctx: Ctx, tagsOf: (id: string) => string[]): Promise<ProductRecord> {
  ctx.cacheTags.add(...tagsOf((await product).id));
  return product;
}
const listingChanged = (id: string) => [cacheTag.product(id), cacheTag.catalogue];
const stockChanged = (id: string) => [cacheTag.stock(id)];

export const resolvers = {
  DateTime,
  Query: {
    product: (_: unknown, { id }: { id: string }, ctx: Ctx) => productById(id, ctx),
    async products(_: unknown, args: ProductListArgs, ctx: Ctx) {
      const page = await ctx.productService.list(args);
      ctx.cacheTags.add(cacheTag.catalogue, ...page.edges.map(({ node }) => cacheTag.product(node.id)));
      return page;
    },
    categories(_: unknown, __: unknown, ctx: Ctx) {
      ctx.cacheTags.add(cacheTag.catalogue);
      return ctx.productService.categories();
    },
  },
  Mutation: {
    createProduct(_: unknown, { input }: { input: NewProductInput }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return changed(ctx.productService.create(input), ctx, listingChanged);
    },
    updateProduct(_: unknown, { id, input }: { id: string; input: ProductChanges }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return changed(ctx.productService.update(id, input), ctx, listingChanged);
    },
    adjustStock(_: unknown, { productId, delta }: { productId: string; delta: number }, ctx: Ctx) {
      requireAdmin(ctx.auth);
      return changed(ctx.productService.adjustStock(productId, delta), ctx, stockChanged);
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
    __resolveReference: (ref: { id: string }, ctx: Ctx) => productById(ref.id, ctx),
    /** Filed apart: an answer without the stock is not dropped each time an order takes some. */
    stock(product: ProductRecord, _: unknown, ctx: Ctx) {
      ctx.cacheTags.add(cacheTag.stock(product.id));
      return product.stock;
    },
  },
};

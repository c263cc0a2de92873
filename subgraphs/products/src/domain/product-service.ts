import { BadUserInputError, ConflictError, NotFoundError, OutOfStockError } from "@shop/errors";
import { isUuid } from "@shop/ids";
import { parsePageArgs, toConnection } from "@shop/pagination";
import type { ProductRecord, ProductRepository } from "../data/product-repository.ts";
import type { ReservationRecord, ReservationRepository } from "../data/reservation-repository.ts";
import {
  adjustedStock,
  normalizeSearch,
  reservationLines,
  validateNewProduct,
  validateProductChanges,
  type NewProductInput,
  type ProductChanges,
  type ReservationItem,
} from "./product-rules.ts";

export interface ProductListArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
  category?: string | null;
}

export type ProductService = ReturnType<typeof createProductService>;

export function createProductService({ products, reservations }: { products: ProductRepository; reservations: ReservationRepository }) {
  function found(product: ProductRecord | null, id: string): ProductRecord {
    if (!product) throw new NotFoundError(`There is no product ${id}.`, { productId: id });
    return product;
  }

  return {
    async list(args: ProductListArgs) {
      const page = parsePageArgs(args);
      const filter = { search: normalizeSearch(args.search), category: args.category?.trim() || null };
      const { rows, totalCount } = await products.page(filter, page);
      return toConnection(rows, page, totalCount);
    },

    categories: () => products.categories(),

    async create(input: NewProductInput) {
      const product = await products.create(validateNewProduct(input));
      if (!product) throw new ConflictError(`A product with SKU ${input.sku.trim().toUpperCase()} already exists.`, { field: "sku" });
      return product;
    },

    async update(id: string, input: ProductChanges) {
      return found(await products.update(id, validateProductChanges(input)), id);
    },

    async adjustStock(id: string, delta: number) {
      return found(await products.changeStock(id, (current) => adjustedStock(current, delta)), id);
    },

    async reserve(orderId: string, items: ReservationItem[]): Promise<ReservationRecord> {
      if (!isUuid(orderId)) throw new BadUserInputError("orderId must be a UUID.", { field: "orderId" });
      const result = await reservations.reserve(orderId, reservationLines(items));
      if ("orderId" in result) return result;
      if (result.kind === "unknown-product") {
        throw new NotFoundError(`There is no product ${result.productId}.`, { productId: result.productId });
      }
      throw new OutOfStockError(`Only ${result.available} left of product ${result.productId}; ${result.requested} requested.`, {
        productId: result.productId,
        available: result.available,
      });
    },

    release: (orderId: string) => reservations.release(orderId),
  };
}

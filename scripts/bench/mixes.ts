// What the benchmark's simulated shoppers do: the SPA's registered operations in the issue's
// proportions, with variables drawn from the seeded shop (Zipf over products and categories,
// each request as one of the customers, with that customer's token).
import { randomUUID } from "node:crypto";
import type { RegisteredOperations } from "../registered-operations.ts";
import type { BenchRequest } from "./load.ts";
import { integerBetween, weightedPicker, zipfPicker, type Random } from "./sampling.ts";

const READ_MIX = { Catalogue: 40, Product: 25, MyOrders: 15, Order: 10, Me: 5, Categories: 5 };
/** The read mix's shares scaled to 94 %, plus 5 % PlaceOrder and 1 % CancelOrder. */
const SHOP_MIX = {
  ...(Object.fromEntries(Object.entries(READ_MIX).map(([name, share]) => [name, share * 0.94])) as Record<keyof typeof READ_MIX, number>),
  PlaceOrder: 5,
  CancelOrder: 1,
};

export const MIXES = { read: READ_MIX, shop: SHOP_MIX } as const satisfies Record<string, Record<string, number>>;
export type MixName = keyof typeof MIXES;
export const MIX_NAMES = Object.keys(MIXES) as MixName[];

/** How skewed shoppers' interest is (Zipf exponent): about 1 for web catalogues. */
const ZIPF_EXPONENT = 1;
const PAGE_SIZE = 20;
const ORDERS_PAGE_SIZE = 10;
/** The share of catalogue views that go on to the next page of their category, when its cursor is known. */
const NEXT_PAGE_SHARE = 0.3;
/** The share of catalogue views of the whole catalogue rather than one category. */
const ALL_CATEGORIES_SHARE = 0.1;

export interface BenchCustomer {
  email: string;
  token: string;
  /** Every order of this customer (seeded and placed during the run). */
  orderIds: string[];
  /** Orders this customer may still cancel: PENDING or CONFIRMED, not cancelled by the bench yet. */
  cancellable: string[];
}

export interface BenchShopState {
  productIds: string[];
  categories: string[];
  customers: BenchCustomer[];
}

/** A generator of the mix's next request, updating `shop` with what the answers tell (new orders, cursors). */
export function mixRequests(mix: MixName, shop: BenchShopState, operations: RegisteredOperations, random: Random): () => BenchRequest {
  const pickOperation = weightedPicker(MIXES[mix] as Record<string, number>, random);
  const pickProduct = zipfPicker(shop.productIds, ZIPF_EXPONENT, random);
  const pickCategory = zipfPicker(shop.categories, ZIPF_EXPONENT, random);
  const pickCustomer = () => shop.customers[Math.floor(random() * shop.customers.length)]!;
  const secondPage = new Map<string, string>();

  const request = (operation: string, variables: Record<string, unknown> = {}, extra: Partial<BenchRequest> = {}): BenchRequest => ({
    operation,
    body: operations.body(operation, variables),
    ...extra,
  });

  function basket(): { productId: string; quantity: number }[] {
    const lines = new Map<string, number>();
    const size = integerBetween(1, 3, random);
    while (lines.size < size) lines.set(pickProduct(), integerBetween(1, 2, random));
    return [...lines].map(([productId, quantity]) => ({ productId, quantity }));
  }

  const builders: Record<string, () => BenchRequest> = {
    Catalogue() {
      const category = random() < ALL_CATEGORIES_SHARE ? null : pickCategory();
      const key = category ?? "";
      const after = random() < NEXT_PAGE_SHARE ? secondPage.get(key) : undefined;
      return request("Catalogue", { first: PAGE_SIZE, category, ...(after ? { after } : {}) }, {
        onData: (data) => {
          if (!after && data.products.pageInfo.hasNextPage) secondPage.set(key, data.products.pageInfo.endCursor);
        },
      });
    },
    Product: () => request("Product", { id: pickProduct() }),
    Categories: () => request("Categories"),
    Me: () => request("Me", {}, { token: pickCustomer().token }),
    MyOrders: () => request("MyOrders", { first: ORDERS_PAGE_SIZE }, { token: pickCustomer().token }),
    Order() {
      const customer = pickCustomer();
      return request("Order", { id: customer.orderIds[Math.floor(random() * customer.orderIds.length)] }, { token: customer.token });
    },
    PlaceOrder() {
      const customer = pickCustomer();
      return request(
        "PlaceOrder",
        { input: { idempotencyKey: randomUUID(), items: basket() } },
        {
          token: customer.token,
          // A sold-out product is a correct answer, not an error: the shop must refuse it.
          acceptedCodes: ["OUT_OF_STOCK"],
          onData: (data) => {
            customer.orderIds.push(data.placeOrder.id);
            customer.cancellable.push(data.placeOrder.id);
          },
        },
      );
    },
    CancelOrder() {
      // Someone with an order to cancel; taken off their list before it is sent, so no two connections cancel one order.
      const customers = shop.customers.filter((c) => c.cancellable.length > 0);
      if (customers.length === 0) return builders.PlaceOrder!();
      const customer = customers[Math.floor(random() * customers.length)]!;
      const [id] = customer.cancellable.splice(Math.floor(random() * customer.cancellable.length), 1);
      return request("CancelOrder", { id, reason: "Changed my mind" }, { token: customer.token });
    },
  };

  return () => builders[pickOperation()]!();
}

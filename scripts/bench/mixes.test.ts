import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePersistedQueryManifest } from "@shop/schema-registry/persisted-queries";
import { registeredOperations } from "../registered-operations.ts";
import { MIXES, mixRequests, type BenchShopState } from "./mixes.ts";
import { seededRandom } from "./sampling.ts";

const manifest = parsePersistedQueryManifest(readFileSync(new URL("../../schema/persisted-query-manifest.json", import.meta.url), "utf8"));
const idOf = (name: string) => manifest.operations.find((operation) => operation.name === name)!.id;

function shop(): BenchShopState {
  return {
    productIds: Array.from({ length: 300 }, (_, i) => `product-${i}`),
    categories: Array.from({ length: 12 }, (_, i) => `category-${i}`),
    customers: Array.from({ length: 20 }, (_, i) => ({ email: `c${i}`, token: `token-${i}`, orderIds: [`order-${i}`], cancellable: [`order-${i}`] })),
  };
}

describe("MIXES", () => {
  it("are the issue's shares: the read mix, and the shop mix with 5 % PlaceOrder and 1 % CancelOrder", () => {
    expect(MIXES.read).toEqual({ Catalogue: 40, Product: 25, MyOrders: 15, Order: 10, Me: 5, Categories: 5 });
    const total = Object.values(MIXES.shop).reduce((sum, share) => sum + share, 0);
    expect(total).toBeCloseTo(100, 10);
    expect(MIXES.shop.PlaceOrder).toBe(5);
    expect(MIXES.shop.CancelOrder).toBe(1);
    expect(MIXES.shop.Catalogue / MIXES.shop.Product).toBeCloseTo(40 / 25, 10);
    // Every operation of both mixes is registered.
    for (const name of Object.keys(MIXES.shop)) expect(idOf(name)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("mixRequests", () => {
  it("sends registered operations by id in the mix's shares, as customers with their own tokens", () => {
    const state = shop();
    const next = mixRequests("read", state, registeredOperations(), seededRandom(1));
    const counts: Record<string, number> = {};
    const products = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const request = next();
      counts[request.operation] = (counts[request.operation] ?? 0) + 1;
      const body = JSON.parse(request.body);
      expect(body.query).toBeUndefined();
      expect(body.extensions.persistedQuery.sha256Hash).toBe(idOf(request.operation));
      if (["Me", "MyOrders", "Order"].includes(request.operation)) expect(request.token).toMatch(/^token-\d+$/);
      if (request.operation === "Order") expect(body.variables.id).toBe(`order-${request.token!.slice(6)}`);
      if (request.operation === "Product") products.add(body.variables.id);
    }
    expect(counts.Catalogue! / 20_000).toBeCloseTo(0.4, 1);
    expect(counts.Categories! / 20_000).toBeCloseTo(0.05, 1);
    expect(counts.PlaceOrder).toBeUndefined();
    // Zipf over the whole catalogue: most products are viewed at least once, not only the hot ones.
    expect(products.size).toBeGreaterThan(200);
  });

  it("remembers placed orders and cursors, and never cancels one order twice", () => {
    const state = shop();
    const next = mixRequests("shop", state, registeredOperations(), seededRandom(2));
    const cancelled: string[] = [];
    let placed = 0;
    for (let i = 0; i < 5_000; i++) {
      const request = next();
      const body = JSON.parse(request.body);
      if (request.operation === "PlaceOrder") {
        expect(request.acceptedCodes).toEqual(["OUT_OF_STOCK"]);
        expect(body.variables.input.items.length).toBeGreaterThanOrEqual(1);
        expect(new Set(body.variables.input.items.map((item: { productId: string }) => item.productId)).size).toBe(body.variables.input.items.length);
        request.onData!({ placeOrder: { id: `placed-${placed++}` } });
      }
      if (request.operation === "CancelOrder") cancelled.push(body.variables.id);
      if (request.operation === "Catalogue" && !body.variables.after) request.onData!({ products: { pageInfo: { hasNextPage: true, endCursor: "cursor-2" } } });
      if (request.operation === "Catalogue" && body.variables.after) expect(body.variables.after).toBe("cursor-2");
    }
    expect(placed).toBeGreaterThan(150);
    expect(cancelled.length).toBeGreaterThan(20);
    expect(new Set(cancelled).size).toBe(cancelled.length);
    expect(state.customers.flatMap((c) => c.orderIds).length).toBe(20 + placed);
    expect(state.customers.flatMap((c) => c.cancellable).length).toBe(20 + placed - cancelled.length);
  });
});

import type { TokenService } from "@shop/auth";
import { createServiceClient } from "@shop/service-client";
import type { OrderLineInput, PricedLine } from "../domain/order-rules.ts";

export interface ProductsClient {
  /** Takes the stock for an order (all lines or none) and returns each line's current price. */
  reserve(orderId: string, lines: OrderLineInput[]): Promise<PricedLine[]>;
  /** Gives an order's stock back; safe to repeat. */
  release(orderId: string): Promise<void>;
}

const RESERVE = /* GraphQL */ `
  mutation Reserve($input: ReserveStockInput!) {
    reserveStock(input: $input) { lines { productId quantity unitPriceCents currency } }
  }
`;

const RELEASE = /* GraphQL */ `
  mutation Release($orderId: ID!) {
    releaseStock(orderId: $orderId) { orderId }
  }
`;

/** The products service over its own GraphQL API, as the orders service: never its database. */
export function createProductsClient({ url, timeoutMs, tokens }: { url: string; timeoutMs: number; tokens: TokenService }): ProductsClient {
  const client = createServiceClient({ url, timeoutMs, service: "products", token: () => tokens.signService("orders") });
  return {
    async reserve(orderId, lines) {
      const data = await client.request<{ reserveStock: { lines: PricedLine[] } }>(RESERVE, { input: { orderId, items: lines } });
      return data.reserveStock.lines;
    },
    async release(orderId) {
      await client.request(RELEASE, { orderId });
    },
  };
}

import type { TokenService } from "@shop/auth";
import type { RequestSigner } from "@shop/request-signing";
import { ServiceUnavailableError } from "@shop/errors";
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
    reserveStock(input: $input) { status lines { productId quantity unitPriceCents currency } }
  }
`;

const RELEASE = /* GraphQL */ `
  mutation Release($orderId: ID!) {
    releaseStock(orderId: $orderId) { orderId }
  }
`;

/** The products service over its own GraphQL API, as the orders service: never its database. */
export function createProductsClient(options: { url: string; timeoutMs: number; breakerResetMs: number; tokens: TokenService; signRequest: RequestSigner }): ProductsClient {
  const { url, timeoutMs, breakerResetMs, tokens, signRequest } = options;
  // Both calls are idempotent (keyed by the order id), so an unreachable service is retried.
  const client = createServiceClient({ url, timeoutMs, breakerResetMs, retries: 2, service: "products", token: () => tokens.signService("orders"), signRequest });
  return {
    async reserve(orderId, lines) {
      const data = await client.request<{ reserveStock: { status: string; lines: PricedLine[] } }>(RESERVE, { input: { orderId, items: lines } });
      // RELEASED: this order was given up (released) before the reservation got there.
      if (data.reserveStock.status !== "RESERVED") throw new ServiceUnavailableError(undefined, { cause: new Error(`reservation ${orderId} was released`) });
      return data.reserveStock.lines;
    },
    async release(orderId) {
      await client.request(RELEASE, { orderId });
    },
  };
}

import type { TokenService } from "@shop/auth";
import type { RequestSigner } from "@shop/request-signing";
import { createServiceClient } from "@shop/service-client";

export interface OrdersClient {
  /** Which of these ids are orders that exist. */
  existing(orderIds: string[]): Promise<Set<string>>;
}

const ORDER_IDS = /* GraphQL */ `
  query OrderIds($ids: [ID!]!) { orderIds(ids: $ids) }
`;

/** The orders service over its own GraphQL API, as the products service: never its database. */
export function createOrdersClient({ url, timeoutMs, tokens, signRequest }: { url: string; timeoutMs: number; tokens: TokenService; signRequest: RequestSigner }): OrdersClient {
  const client = createServiceClient({ url, timeoutMs, retries: 2, service: "orders", token: () => tokens.signService("products"), signRequest });
  return {
    async existing(orderIds) {
      const data = await client.request<{ orderIds: string[] }>(ORDER_IDS, { ids: orderIds });
      return new Set(data.orderIds);
    },
  };
}

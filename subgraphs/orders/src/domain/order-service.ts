import { randomUUID } from "node:crypto";
import { isOwnerOrAdmin, type Viewer } from "@shop/auth";
import { ErrorCode, ForbiddenError, NotFoundError, ShopError } from "@shop/errors";
import type { OrderStatus } from "@shop/events";
import { parsePageArgs, toConnection } from "@shop/pagination";
import type { OrderRecord, OrderRepository } from "../data/order-repository.ts";
import type { ProductsClient } from "../data/products-client.ts";
import {
  assertMove,
  orderTotal,
  validateIdempotencyKey,
  validateOrderLines,
  validateEventPage,
  validateEventPosition,
  validateReason,
  type OrderLineInput,
  type PricedLine,
} from "./order-rules.ts";

export interface PlaceOrderInput {
  items: OrderLineInput[];
  idempotencyKey?: string | null;
}

export type OrderService = ReturnType<typeof createOrderService>;

export function createOrderService({ orders, products }: { orders: OrderRepository; products: ProductsClient }) {
  /** Owner or ADMIN sees it; anyone else is FORBIDDEN; a missing order is NOT_FOUND. */
  function visible(order: OrderRecord | null, id: string, viewer: Viewer): OrderRecord {
    if (!order) throw new NotFoundError(`There is no order ${id}.`, { orderId: id });
    if (!isOwnerOrAdmin(viewer, order.userId)) throw new ForbiddenError("This order belongs to someone else.");
    return order;
  }

  async function move(viewer: Viewer, id: string, to: OrderStatus, reason: string | null) {
    const updated = await orders.changeStatus(id, (current) => {
      visible(current, id, viewer);
      assertMove(current.status, to);
      return { status: to, reason };
    });
    const order = visible(updated, id, viewer);
    if (to === "CANCELLED") {
      // Best effort, for stock back on sale at once. The cancellation is committed either way,
      // and its order.status_changed event makes the products service release the stock anyway.
      await products.release(order.id).catch(() => undefined);
    }
    return order;
  }

  return {
    visible,

    async place(viewer: Viewer, input: PlaceOrderInput): Promise<OrderRecord> {
      const lines = validateOrderLines(input.items);
      const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
      const id = randomUUID();
      let reserved = false;
      try {
        return await orders.place(viewer.userId, idempotencyKey, async () => {
          const priced = await products.reserve(id, lines);
          reserved = true;
          const byProduct = new Map(priced.map((line) => [line.productId, line]));
          const orderLines: PricedLine[] = lines.map((line) => ({ ...byProduct.get(line.productId)!, quantity: line.quantity }));
          return { id, userId: viewer.userId, idempotencyKey, ...orderTotal(orderLines), lines: orderLines };
        });
      } catch (error) {
        // A refusal of the reservation (OUT_OF_STOCK, NOT_FOUND, ...) reserved nothing. Anything
        // else may have left a reservation, even one still on its way (a timeout): this gives its
        // stock back or keeps it from being taken. The reconciliation catches what this misses.
        const refused = !reserved && error instanceof ShopError && error.code !== ErrorCode.SERVICE_UNAVAILABLE;
        if (!refused) {
          await products.release(id).catch(() => undefined);
        }
        throw error;
      }
    },

    cancel: (viewer: Viewer, id: string, reason?: string | null) => move(viewer, id, "CANCELLED", validateReason(reason)),

    /** ADMIN moves; the caller has checked the role. */
    updateStatus: (admin: Viewer, id: string, status: OrderStatus, reason?: string | null) =>
      move(admin, id, status, validateReason(reason)),

    /** The events of an order the caller may see (checked with `visible`), after a position. */
    eventsAfter(order: OrderRecord, args: { after: string; first?: number | null }) {
      return orders.eventsAfter(order.id, validateEventPosition(args.after), validateEventPage(args.first));
    },

    existingIds: (ids: readonly string[]) => orders.existingIds(ids),

    async listForUser(viewer: Viewer, userId: string, args: { first?: number | null; after?: string | null }) {
      if (!isOwnerOrAdmin(viewer, userId)) throw new ForbiddenError("Only the user themself or an administrator can see their orders.");
      const page = parsePageArgs(args);
      const { rows, totalCount } = await orders.pageForUser(userId, page);
      return toConnection(rows, page, totalCount);
    },
  };
}

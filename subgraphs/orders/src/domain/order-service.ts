import { randomUUID } from "node:crypto";
import { isOwnerOrAdmin, type Viewer } from "@shop/auth";
import { ForbiddenError, NotFoundError } from "@shop/errors";
import { parsePageArgs, toConnection } from "@shop/pagination";
import type { OrderRecord, OrderRepository } from "../data/order-repository.ts";
import type { ProductsClient } from "../data/products-client.ts";
import {
  assertMove,
  holdsStock,
  orderTotal,
  validateIdempotencyKey,
  validateOrderLines,
  validateReason,
  type OrderLineInput,
  type OrderStatus,
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
    const updated = await orders.changeStatus(id, async (current) => {
      visible(current, id, viewer);
      assertMove(current.status, to);
      // Released while the order row is locked: if products is down the move fails whole,
      // and the order keeps both its status and its stock.
      if (to === "CANCELLED" && holdsStock(current.status)) await products.release(current.id);
      return { status: to, reason };
    });
    return visible(updated, id, viewer);
  }

  return {
    visible,

    async place(viewer: Viewer, input: PlaceOrderInput): Promise<OrderRecord> {
      const lines = validateOrderLines(input.items);
      const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
      if (idempotencyKey) {
        const earlier = await orders.findByIdempotencyKey(viewer.userId, idempotencyKey);
        if (earlier) return earlier;
      }
      const id = randomUUID();
      const priced = await products.reserve(id, lines);
      try {
        const byProduct = new Map(priced.map((line) => [line.productId, line]));
        const orderLines: PricedLine[] = lines.map((line) => ({ ...byProduct.get(line.productId)!, quantity: line.quantity }));
        const created = await orders.create({ id, userId: viewer.userId, idempotencyKey, ...orderTotal(orderLines), lines: orderLines });
        if (created) return created;
        // The same key won a race with this call: keep that order, give this stock back.
        await products.release(id);
        return (await orders.findByIdempotencyKey(viewer.userId, idempotencyKey!))!;
      } catch (error) {
        await products.release(id).catch(() => undefined);
        throw error;
      }
    },

    cancel: (viewer: Viewer, id: string, reason?: string | null) => move(viewer, id, "CANCELLED", validateReason(reason)),

    /** ADMIN moves; the caller has checked the role. */
    updateStatus: (admin: Viewer, id: string, status: OrderStatus, reason?: string | null) =>
      move(admin, id, status, validateReason(reason)),

    async listForUser(viewer: Viewer, userId: string, args: { first?: number | null; after?: string | null }) {
      if (!isOwnerOrAdmin(viewer, userId)) throw new ForbiddenError("Only the user themself or an administrator can see their orders.");
      const page = parsePageArgs(args);
      const { rows, totalCount } = await orders.pageForUser(userId, page);
      return toConnection(rows, page.take, totalCount);
    },
  };
}

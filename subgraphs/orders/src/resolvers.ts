import type DataLoader from "dataloader";
import { isOwnerOrAdmin, requireAdmin, requireService, requireViewer } from "@shop/auth";
import { cacheTag, type OrderStatus } from "@shop/events";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { OrderRecord } from "./data/order-repository.ts";
import type { OrderService, PlaceOrderInput } from "./domain/order-service.ts";

export interface OrdersContext extends SubgraphContext {
  orderService: OrderService;
  orderById: DataLoader<string, OrderRecord | null>;
}

type Ctx = OrdersContext;

/**
 * Names what an order's change may have moved: its owner's orders, and the products whose stock
 * it took or gave back (placed, cancelled), so that the gateway that sent it drops their cached
 * answers before it replies.
 */
async function orderChanged(order: Promise<OrderRecord>, ctx: Ctx): Promise<OrderRecord> {
  const { userId, items } = await order;
  ctx.cacheTags.add(cacheTag.orders(userId), ...items.map((item) => cacheTag.stock(item.productId)));
  return order;
}

/** An order (or null) as its reader may cache it: privately, until its owner's orders change. */
function readOrder(order: OrderRecord | null, ctx: Ctx): OrderRecord | null {
  if (order) ctx.cacheTags.addPrivate(cacheTag.orders(order.userId));
  return order;
}

/** Every query field tags what it read, privately: the gateway caches an answer for its caller only. */
export const CACHEABLE_ROOT_FIELDS = ["order", "_entities"] as const;

export const resolvers = {
  DateTime,
  Query: {
    async order(_: unknown, { id }: { id: string }, ctx: Ctx) {
      const viewer = requireViewer(ctx.auth);
      const order = await ctx.orderById.load(id);
      return readOrder(order && ctx.orderService.visible(order, id, viewer), ctx);
    },
    async orderEventsAfter(_: unknown, args: { orderId: string; after: string; first?: number | null }, ctx: Ctx) {
      const viewer = requireViewer(ctx.auth);
      const order = await ctx.orderById.load(args.orderId);
      return order && ctx.orderService.eventsAfter(ctx.orderService.visible(order, args.orderId, viewer), args);
    },
    orderIds(_: unknown, { ids }: { ids: string[] }, ctx: Ctx) {
      requireService(ctx.auth, "products");
      return ctx.orderService.existingIds(ids);
    },
  },
  Mutation: {
    placeOrder: (_: unknown, { input }: { input: PlaceOrderInput }, ctx: Ctx) => orderChanged(ctx.orderService.place(requireViewer(ctx.auth), input), ctx),
    cancelOrder: (_: unknown, { id, reason }: { id: string; reason?: string | null }, ctx: Ctx) =>
      orderChanged(ctx.orderService.cancel(requireViewer(ctx.auth), id, reason), ctx),
    updateOrderStatus: (_: unknown, args: { id: string; status: OrderStatus; reason?: string | null }, ctx: Ctx) =>
      orderChanged(ctx.orderService.updateStatus(requireAdmin(ctx.auth), args.id, args.status, args.reason), ctx),
  },
  Order: {
    /** Other subgraphs (a notification's order) reach orders here: null unless the viewer may see it. */
    async __resolveReference(ref: { id: string }, ctx: Ctx) {
      const order = await ctx.orderById.load(ref.id);
      return readOrder(order && ctx.auth.kind === "user" && isOwnerOrAdmin(ctx.auth.viewer, order.userId) ? order : null, ctx);
    },
    user: (order: OrderRecord) => ({ __typename: "User", id: order.userId }),
  },
  OrderItem: {
    product: (item: OrderRecord["items"][number]) => ({ __typename: "Product", id: item.productId }),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ref,
    orders(user: { id: string }, args: { first?: number | null; after?: string | null }, ctx: Ctx) {
      const viewer = requireViewer(ctx.auth);
      ctx.cacheTags.addPrivate(cacheTag.orders(user.id));
      return ctx.orderService.listForUser(viewer, user.id, args);
    },
  },
};

import { describe, expect, it } from "vitest";
import { orderEvent } from "./order-events.ts";

const order = { id: "o1", userId: "u1", status: "PENDING" as const, totalCents: 1250, currency: "EUR" };
const at = new Date("2026-11-25T12:00:00Z");

describe("orderEvent", () => {
  it("announces a new order as placed", () => {
    expect(orderEvent(order, null, null, at)).toEqual({
      type: "order.placed",
      aggregateId: "o1",
      schemaVersion: 1,
      data: { orderId: "o1", userId: "u1", status: "PENDING", previousStatus: null, reason: null, totalCents: 1250, currency: "EUR", changedAt: "2026-11-25T12:00:00.000Z" },
    });
  });

  it("announces every later move as a status change with where it came from", () => {
    const event = orderEvent({ ...order, status: "CANCELLED" }, "CONFIRMED", "changed my mind", at);
    expect(event.type).toBe("order.status_changed");
    expect(event.data).toMatchObject({ status: "CANCELLED", previousStatus: "CONFIRMED", reason: "changed my mind" });
  });
});

import { describe, expect, it } from "vitest";
import { ORDER_STATUSES, type OrderStatus } from "@shop/events";
import { formatMoney, orderNotificationContent, orderNumber } from "./order-templates.ts";

const order = { orderId: "ab12cd34-5e6f-4a7b-8c9d-0e1f2a3b4c5d", totalCents: 1250, currency: "EUR", reason: null };

describe("order notification templates", () => {
  it("numbers an order by the start of its id and formats totals in the currency's minor units", () => {
    expect(orderNumber(order.orderId)).toBe("#AB12CD34");
    expect(formatMoney(1250, "EUR")).toBe("€12.50");
    expect(formatMoney(199_999, "USD")).toBe("$1,999.99");
    expect(formatMoney(1250, "JPY")).toBe("¥1,250");
  });

  it("has a subject and body for every status, each with the order's number and total", () => {
    const content = (status: OrderStatus) => orderNotificationContent({ ...order, status });
    expect(content("PENDING")).toEqual({
      subject: "Order #AB12CD34 received",
      body: "Thank you for your order #AB12CD34 (€12.50). We have received it and will confirm it shortly.",
    });
    expect(content("CONFIRMED").subject).toBe("Order #AB12CD34 confirmed");
    expect(content("SHIPPED").subject).toBe("Order #AB12CD34 shipped");
    expect(content("DELIVERED").subject).toBe("Order #AB12CD34 delivered");
    for (const status of ORDER_STATUSES) {
      expect(content(status).body).toContain("#AB12CD34 (€12.50)");
    }
  });

  it("gives the reason of a cancellation when there is one", () => {
    expect(orderNotificationContent({ ...order, status: "CANCELLED" }).body).toBe("Your order #AB12CD34 (€12.50) has been cancelled.");
    expect(orderNotificationContent({ ...order, status: "CANCELLED", reason: "Out of stock" }).body).toBe(
      "Your order #AB12CD34 (€12.50) has been cancelled. Reason: Out of stock.",
    );
  });
});

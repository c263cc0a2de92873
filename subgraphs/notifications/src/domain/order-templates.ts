import type { OrderEventData, OrderStatus } from "@shop/events";

export interface NotificationContent {
  subject: string;
  body: string;
}

/** `#AB12CD34`: the start of the order id, short enough to read out on the phone. */
export function orderNumber(orderId: string): string {
  return `#${orderId.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** Integer minor units in the currency's own format: 1250 EUR is €12.50, 1250 JPY is ¥1,250. */
export function formatMoney(minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
  return format.format(minorUnits / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** What the customer is told about an order now in one status, from its number, total and reason. */
type OrderTemplate = (number: string, total: string, reason: string | null) => NotificationContent;

// One per status, so that a status without its template does not compile.
const TEMPLATES: Record<OrderStatus, OrderTemplate> = {
  PENDING: (number, total) => ({
    subject: `Order ${number} received`,
    body: `Thank you for your order ${number} (${total}). We have received it and will confirm it shortly.`,
  }),
  CONFIRMED: (number, total) => ({
    subject: `Order ${number} confirmed`,
    body: `Your order ${number} (${total}) is confirmed and is being prepared for shipping.`,
  }),
  SHIPPED: (number, total) => ({
    subject: `Order ${number} shipped`,
    body: `Your order ${number} (${total}) is on its way.`,
  }),
  DELIVERED: (number, total) => ({
    subject: `Order ${number} delivered`,
    body: `Your order ${number} (${total}) has been delivered. Enjoy!`,
  }),
  CANCELLED: (number, total, reason) => ({
    subject: `Order ${number} cancelled`,
    body: `Your order ${number} (${total}) has been cancelled${reason ? `. Reason: ${reason}` : ""}.`,
  }),
};

/** What the customer is told about an order now in `status`. */
export function orderNotificationContent(order: Pick<OrderEventData, "orderId" | "status" | "reason" | "totalCents" | "currency">): NotificationContent {
  return TEMPLATES[order.status](orderNumber(order.orderId), formatMoney(order.totalCents, order.currency), order.reason);
}

import { BadUserInputError, ConflictError } from "@shop/errors";
import { ORDER_STATUS_MOVES, parseEventPosition, type OrderStatus } from "@shop/events";

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100;
/** The most events one page of a subscriber's replay holds. */
export const MAX_EVENT_PAGE = 100;
const MAX_IDEMPOTENCY_KEY = 100;
const MAX_REASON = 500;

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_STATUS_MOVES[from].includes(to);
}

/** A move not in the shared list of moves is a CONFLICT. */
export function assertMove(from: OrderStatus, to: OrderStatus): void {
  if (!canMove(from, to)) {
    throw new ConflictError(`An order that is ${from} cannot become ${to}.`, { from, to });
  }
}

export interface OrderLineInput {
  productId: string;
  quantity: number;
}

export function validateOrderLines(items: readonly OrderLineInput[]): OrderLineInput[] {
  if (items.length < 1 || items.length > MAX_LINES) {
    throw new BadUserInputError(`An order has 1 to ${MAX_LINES} lines.`, { field: "items" });
  }
  const seen = new Set<string>();
  return items.map(({ productId, quantity }, index) => {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw new BadUserInputError(`Quantity must be 1 to ${MAX_QUANTITY} (line ${index + 1}).`, { field: `items.${index}.quantity` });
    }
    if (seen.has(productId)) {
      throw new BadUserInputError(`Product ${productId} appears on more than one line; put it on one line.`, {
        field: `items.${index}.productId`,
      });
    }
    seen.add(productId);
    return { productId, quantity };
  });
}

export function validateIdempotencyKey(key: string | null | undefined): string | null {
  if (key === null || key === undefined) return null;
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY} characters.`, { field: "idempotencyKey" });
  }
  return key;
}

export function validateReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() ?? "";
  if (trimmed.length > MAX_REASON) {
    throw new BadUserInputError(`reason must be at most ${MAX_REASON} characters.`, { field: "reason" });
  }
  return trimmed || null;
}

/** The position a resuming subscriber saw last (see parseEventPosition). */
export function validateEventPosition(after: string): bigint {
  const position = parseEventPosition(after);
  if (position === null) throw new BadUserInputError("after must be an event's position: a decimal integer such as \"42\".", { field: "after" });
  return position;
}

/** How many events one replay page holds: 1 to MAX_EVENT_PAGE (the default). */
export function validateEventPage(first: number | null | undefined): number {
  const size = first ?? MAX_EVENT_PAGE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_EVENT_PAGE) throw new BadUserInputError(`first must be 1 to ${MAX_EVENT_PAGE}.`, { field: "first" });
  return size;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
}

/** The order's total in its single currency; a basket mixing currencies cannot be one order. */
export function orderTotal(lines: readonly PricedLine[]): { totalCents: number; currency: string } {
  const currencies = new Set(lines.map((line) => line.currency));
  if (currencies.size !== 1) {
    throw new BadUserInputError("All products of one order must be priced in the same currency.", { field: "items" });
  }
  const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  if (!Number.isSafeInteger(totalCents) || totalCents > 2_147_483_647) {
    throw new BadUserInputError("The order total is too large.", { field: "items" });
  }
  return { totalCents, currency: lines[0]!.currency };
}

import { describe, expect, it } from "vitest";
import { extensionsOf as errorOf } from "@shop/errors/testing";
import { ORDER_STATUSES } from "@shop/events";
import { assertMove, canMove, MAX_EVENT_PAGE, orderTotal, validateEventPage, validateEventPosition, validateIdempotencyKey, validateOrderLines, validateReason } from "./order-rules.ts";

describe("order status machine", () => {
  it("allows exactly the documented moves", async () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ["PENDING->CONFIRMED", "CONFIRMED->SHIPPED", "SHIPPED->DELIVERED", "PENDING->CANCELLED", "CONFIRMED->CANCELLED"].sort(),
    );
  });

  it("answers any other move with CONFLICT", async () => {
    expect((await errorOf(() => assertMove("SHIPPED", "CANCELLED"))).code).toBe("CONFLICT");
    expect((await errorOf(() => assertMove("PENDING", "PENDING"))).code).toBe("CONFLICT");
    expect(() => assertMove("PENDING", "CONFIRMED")).not.toThrow();
  });
});

describe("order input", () => {
  const line = (productId: string, quantity = 1) => ({ productId, quantity });

  it("accepts 1 to 50 lines of 1 to 100 units", async () => {
    expect(validateOrderLines([line("a", 100)])).toEqual([line("a", 100)]);
    expect(validateOrderLines(Array.from({ length: 50 }, (_, i) => line(`p${i}`)))).toHaveLength(50);
  });

  it("rejects empty, long, out-of-range and repeated lines", async () => {
    expect((await errorOf(() => validateOrderLines([]))).field).toBe("items");
    expect((await errorOf(() => validateOrderLines(Array.from({ length: 51 }, (_, i) => line(`p${i}`))))).field).toBe("items");
    expect(await errorOf(() => validateOrderLines([line("a", 0)]))).toEqual({ code: "BAD_USER_INPUT", field: "items.0.quantity" });
    expect((await errorOf(() => validateOrderLines([line("a"), line("b", 101)]))).field).toBe("items.1.quantity");
    expect((await errorOf(() => validateOrderLines([line("a"), line("a")]))).field).toBe("items.1.productId");
  });

  it("checks idempotency keys and reasons", async () => {
    expect(validateIdempotencyKey(undefined)).toBeNull();
    expect(validateIdempotencyKey("k-1")).toBe("k-1");
    expect((await errorOf(() => validateIdempotencyKey(""))).field).toBe("idempotencyKey");
    expect(validateReason("  ")).toBeNull();
    expect(validateReason(" changed my mind ")).toBe("changed my mind");
    expect((await errorOf(() => validateReason("x".repeat(501)))).field).toBe("reason");
  });

  it("reads a resuming subscriber's position and page size", async () => {
    expect(validateEventPosition("0")).toBe(0n);
    expect(validateEventPosition("1234")).toBe(1234n);
    expect(await errorOf(() => validateEventPosition("last"))).toEqual({ code: "BAD_USER_INPUT", field: "after" });
    expect(validateEventPage(undefined)).toBe(MAX_EVENT_PAGE);
    expect(validateEventPage(1)).toBe(1);
    expect((await errorOf(() => validateEventPage(0))).field).toBe("first");
    expect((await errorOf(() => validateEventPage(MAX_EVENT_PAGE + 1))).field).toBe("first");
  });

  it("totals lines in one currency", async () => {
    const priced = (quantity: number, unitPriceCents: number, currency = "EUR") => ({ productId: "p", quantity, unitPriceCents, currency });
    expect(orderTotal([priced(2, 150), priced(1, 1000)])).toEqual({ totalCents: 1300, currency: "EUR" });
    expect((await errorOf(() => orderTotal([priced(1, 1), priced(1, 1, "USD")]))).code).toBe("BAD_USER_INPUT");
    expect((await errorOf(() => orderTotal([priced(100, 100_000_000)]))).code).toBe("BAD_USER_INPUT");
  });
});

import { describe, expect, it } from "vitest";
import { lineOf, newIdempotencyKey, withQuantity, type Cart } from "./cart.ts";

const lamp = lineOf({ id: "p1", name: "Lamp", priceCents: 1999, currency: "EUR" });
const desk = lineOf({ id: "p2", name: "Desk", priceCents: 9900, currency: "EUR" });
const empty: Cart = { lines: [], idempotencyKey: "k0" };

describe("the cart", () => {
  it("adds, changes in place and removes lines", () => {
    const two = withQuantity(withQuantity(empty, lamp, 1), desk, 2);
    expect(two.lines.map(({ productId, quantity }) => [productId, quantity])).toEqual([["p1", 1], ["p2", 2]]);
    expect(withQuantity(two, lamp, 3).lines.map(({ productId, quantity }) => [productId, quantity])).toEqual([["p1", 3], ["p2", 2]]);
    expect(withQuantity(two, lamp, 0).lines.map(({ productId }) => productId)).toEqual(["p2"]);
  });

  it("gives changed contents a new idempotency key, so only the same cart is the same order", () => {
    const one = withQuantity(empty, lamp, 1);
    expect(one.idempotencyKey).not.toBe(empty.idempotencyKey);
    expect(withQuantity(one, lamp, 2).idempotencyKey).not.toBe(one.idempotencyKey);
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{32}$/);
  });
});

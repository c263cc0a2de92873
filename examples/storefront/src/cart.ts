// The cart, kept for the tab's session. Its idempotency key belongs to its current contents:
// placing the same cart twice (a double click, a retry after a lost answer) places one order;
// any change to the cart, or an order placed, starts a new key.
import { useCallback, useEffect, useState } from "react";

export interface CartLine {
  productId: string;
  name: string;
  priceCents: number;
  currency: string;
  quantity: number;
}

export interface Cart {
  lines: CartLine[];
  idempotencyKey: string;
}

const KEY = "storefront.cart";

/** Random without crypto.randomUUID, which plain-HTTP origins other than localhost do not have. */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function emptyCart(): Cart {
  return { lines: [], idempotencyKey: newIdempotencyKey() };
}

function loadCart(): Cart {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? (JSON.parse(stored) as Cart) : emptyCart();
  } catch {
    return emptyCart();
  }
}

/** The cart with `line` at `quantity` (0 removes it), in its place, under a new key. */
export function withQuantity(cart: Cart, line: Omit<CartLine, "quantity">, quantity: number): Cart {
  const exists = cart.lines.some((entry) => entry.productId === line.productId);
  const lines = exists
    ? cart.lines.flatMap((entry) => (entry.productId !== line.productId ? [entry] : quantity > 0 ? [{ ...entry, ...line, quantity }] : []))
    : quantity > 0
      ? [...cart.lines, { ...line, quantity }]
      : cart.lines;
  return { lines, idempotencyKey: newIdempotencyKey() };
}

export function useCart() {
  const [cart, setCart] = useState(loadCart);
  useEffect(() => sessionStorage.setItem(KEY, JSON.stringify(cart)), [cart]);

  const setQuantity = useCallback((line: Omit<CartLine, "quantity">, quantity: number) => setCart((current) => withQuantity(current, line, quantity)), []);
  const add = useCallback(
    (line: Omit<CartLine, "quantity">, quantity = 1) =>
      setCart((current) => withQuantity(current, line, (current.lines.find((entry) => entry.productId === line.productId)?.quantity ?? 0) + quantity)),
    [],
  );
  const clear = useCallback(() => setCart(emptyCart()), []);
  const count = cart.lines.reduce((sum, line) => sum + line.quantity, 0);
  return { cart, count, add, setQuantity, clear };
}

export type CartApi = ReturnType<typeof useCart>;

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(cents / 100);
}

/** A cart line's product part, from any product the API returned. */
export function lineOf(product: { id: string; name: string; priceCents: number; currency: string }): Omit<CartLine, "quantity"> {
  return { productId: product.id, name: product.name, priceCents: product.priceCents, currency: product.currency };
}

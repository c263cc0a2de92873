// Hash routes (#/product/<id>): any static host serves the one index.html, no rewrite rules.
import { useEffect, useState } from "react";

export type Route =
  | { page: "catalogue" }
  | { page: "product"; id: string }
  | { page: "sign-in" }
  | { page: "sign-up" }
  | { page: "cart" }
  | { page: "orders" }
  | { page: "order"; id: string }
  | { page: "admin"; orderId?: string };

export function parseRoute(hash: string): Route {
  const [, first = "", second] = hash.replace(/^#/, "").split("/");
  const id = second ? decodeURIComponent(second) : undefined;
  switch (first) {
    case "product":
      return id ? { page: "product", id } : { page: "catalogue" };
    case "sign-in":
      return { page: "sign-in" };
    case "sign-up":
      return { page: "sign-up" };
    case "cart":
      return { page: "cart" };
    case "orders":
      return id ? { page: "order", id } : { page: "orders" };
    case "admin":
      return { page: "admin", orderId: id };
    default:
      return { page: "catalogue" };
  }
}

export const href = {
  catalogue: "#/",
  product: (id: string) => `#/product/${encodeURIComponent(id)}`,
  signIn: "#/sign-in",
  signUp: "#/sign-up",
  cart: "#/cart",
  orders: "#/orders",
  order: (id: string) => `#/orders/${encodeURIComponent(id)}`,
  admin: (orderId?: string) => (orderId ? `#/admin/${encodeURIComponent(orderId)}` : "#/admin"),
};

export function navigate(to: string): void {
  location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

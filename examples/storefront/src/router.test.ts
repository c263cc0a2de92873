import { describe, expect, it } from "vitest";
import { href, parseRoute } from "./router.ts";

describe("hash routes", () => {
  it("read back what href writes", () => {
    expect(parseRoute(href.catalogue)).toEqual({ page: "catalogue" });
    expect(parseRoute(href.product("a/b"))).toEqual({ page: "product", id: "a/b" });
    expect(parseRoute(href.order("o-1"))).toEqual({ page: "order", id: "o-1" });
    expect(parseRoute(href.orders)).toEqual({ page: "orders" });
    expect(parseRoute(href.admin("o-1"))).toEqual({ page: "admin", orderId: "o-1" });
    expect(parseRoute(href.admin())).toEqual({ page: "admin", orderId: undefined });
    expect(parseRoute(href.signIn)).toEqual({ page: "sign-in" });
  });

  it("open the catalogue for anything else", () => {
    expect(parseRoute("")).toEqual({ page: "catalogue" });
    expect(parseRoute("#/nowhere")).toEqual({ page: "catalogue" });
    expect(parseRoute("#/product")).toEqual({ page: "catalogue" });
  });
});

import { describe, expect, it } from "vitest";
import { CACHE_EVENT, cacheTag, tagsChangedBy } from "./cache-tags.ts";
import { createEnvelope } from "./envelope.ts";
import { ORDER_EVENT } from "./order-events.ts";
import { PRODUCT_EVENT } from "./product-events.ts";

const envelope = (type: string, data: unknown) => createEnvelope({ type, aggregateId: "x", schemaVersion: 1, data });

describe("tagsChangedBy", () => {
  it("drops only the stock of products whose stock alone changed", () => {
    expect(tagsChangedBy(envelope(PRODUCT_EVENT.CHANGED, { productIds: ["p1", "p2"], listingChanged: false, stockOnly: true }))).toEqual([cacheTag.stock("p1"), cacheTag.stock("p2")]);
  });

  it("drops a changed product, and the catalogue when its listing changed", () => {
    expect(tagsChangedBy(envelope(PRODUCT_EVENT.CHANGED, { productIds: ["p1", "p2"], listingChanged: false }))).toEqual([cacheTag.product("p1"), cacheTag.product("p2")]);
    expect(tagsChangedBy(envelope(PRODUCT_EVENT.CHANGED, { productIds: ["p1"], listingChanged: true }))).toEqual([cacheTag.product("p1"), cacheTag.catalogue]);
  });

  it("drops the owner's orders on every order event", () => {
    for (const type of Object.values(ORDER_EVENT)) expect(tagsChangedBy(envelope(type, { orderId: "o1", userId: "u1" }))).toEqual([cacheTag.orders("u1")]);
  });

  it("drops what another gateway replica announced, and nothing for a malformed announcement", () => {
    expect(tagsChangedBy(envelope(CACHE_EVENT.INVALIDATED, { tags: [cacheTag.account("u1"), 7, cacheTag.catalogue] }))).toEqual([cacheTag.account("u1"), cacheTag.catalogue]);
    expect(tagsChangedBy(envelope(CACHE_EVENT.INVALIDATED, { tags: "Catalogue" }))).toEqual([]);
    expect(tagsChangedBy(envelope(CACHE_EVENT.INVALIDATED, null))).toEqual([]);
  });

  it("drops nothing for other events", () => {
    expect(tagsChangedBy(envelope("notification.sent", { userId: "u1" }))).toEqual([]);
  });
});

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEnvelope, ORDER_EVENT, ORDER_STATUSES } from "@shop/events";
import { readOrderEvent } from "./order-event.ts";

const data = {
  orderId: randomUUID(),
  userId: randomUUID(),
  status: "SHIPPED",
  previousStatus: "CONFIRMED",
  reason: null,
  totalCents: 1250,
  currency: "EUR",
  changedAt: new Date().toISOString(),
};
const envelope = (fields: Partial<Parameters<typeof createEnvelope>[0]> = {}) =>
  createEnvelope({ type: ORDER_EVENT.STATUS_CHANGED, aggregateId: data.orderId, schemaVersion: 1, data, ...fields });

describe("readOrderEvent", () => {
  it("reads order events of version 1", () => {
    const event = envelope();
    expect(readOrderEvent(event)).toEqual({ kind: "order", eventId: event.id, order: data });
    expect(readOrderEvent(envelope({ type: ORDER_EVENT.PLACED, data: { ...data, status: "PENDING", previousStatus: null } })).kind).toBe("order");
  });

  it("reads every status of the shared list", () => {
    for (const status of ORDER_STATUSES) expect(readOrderEvent(envelope({ data: { ...data, status } })).kind).toBe("order");
  });

  it("ignores other event types", () => {
    expect(readOrderEvent(envelope({ type: "product.updated" }))).toEqual({ kind: "ignored" });
  });

  it("calls unreadable order events invalid, saying why", () => {
    expect(readOrderEvent(envelope({ schemaVersion: 2 }))).toEqual({ kind: "invalid", problem: "unsupported schema version 2" });
    expect(readOrderEvent(envelope({ id: "42" }))).toEqual({ kind: "invalid", problem: "the event id is not a UUID" });
    const bad = readOrderEvent(envelope({ data: { ...data, status: "LOST", totalCents: 1.5 } }));
    expect(bad.kind).toBe("invalid");
    expect(bad.kind === "invalid" && bad.problem).toMatch(/status[\s\S]*totalCents/);
  });
});

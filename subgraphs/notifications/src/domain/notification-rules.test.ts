import { describe, expect, it } from "vitest";
import { validateNotification } from "./notification-rules.ts";

const userId = "7f1c1c7e-3a52-4a7b-9b1a-6f3f2b9c1d10";

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: { field?: unknown } }).extensions.field;
  }
  return undefined;
}

describe("validateNotification", () => {
  it("trims text and defaults the order to none", () => {
    expect(validateNotification({ userId, channel: "IN_APP", subject: " Hi ", body: " Body " })).toEqual({
      userId,
      channel: "IN_APP",
      subject: "Hi",
      body: "Body",
      orderId: null,
    });
  });

  it("rejects bad ids and empty text", () => {
    expect(fieldOf(() => validateNotification({ userId: "x", channel: "SMS", subject: "s", body: "b" }))).toBe("userId");
    expect(fieldOf(() => validateNotification({ userId, channel: "SMS", subject: "s", body: "b", orderId: "42" }))).toBe("orderId");
    expect(fieldOf(() => validateNotification({ userId, channel: "SMS", subject: " ", body: "b" }))).toBe("subject");
    expect(fieldOf(() => validateNotification({ userId, channel: "SMS", subject: "s", body: "" }))).toBe("body");
  });
});

import { describe, expect, it } from "vitest";
import { extensionsOf } from "@shop/errors/testing";
import { validateNotification } from "./notification-rules.ts";

const userId = "7f1c1c7e-3a52-4a7b-9b1a-6f3f2b9c1d10";

async function fieldOf(fn: () => unknown): Promise<unknown> {
  const extensions = await extensionsOf(fn);
  expect(extensions.code).toBe("BAD_USER_INPUT");
  return extensions.field;
}

describe("validateNotification", () => {
  it("trims text and defaults the order to none", async () => {
    expect(validateNotification({ userId, channel: "IN_APP", subject: " Hi ", body: " Body " })).toEqual({
      userId,
      channel: "IN_APP",
      subject: "Hi",
      body: "Body",
      orderId: null,
    });
  });

  it("rejects bad ids and empty text", async () => {
    expect(await fieldOf(() => validateNotification({ userId: "x", channel: "SMS", subject: "s", body: "b" }))).toBe("userId");
    expect(await fieldOf(() => validateNotification({ userId, channel: "SMS", subject: "s", body: "b", orderId: "42" }))).toBe("orderId");
    expect(await fieldOf(() => validateNotification({ userId, channel: "SMS", subject: " ", body: "b" }))).toBe("subject");
    expect(await fieldOf(() => validateNotification({ userId, channel: "SMS", subject: "s", body: "" }))).toBe("body");
  });
});

import { describe, expect, it } from "vitest";
import { afterFailedAttempt, channelsFor, initialDelivery, FEED_CHANNELS, isDeliveredByFeed, MAX_RETRY_DELAY_MS, retryDelayMs, SENT_CHANNELS } from "./delivery-rules.ts";

const now = new Date("2026-01-01T00:00:00.000Z");
const withPhone = { email: "ann@test.shop", phone: "+14155550123" };
const withoutPhone = { email: "ann@test.shop", phone: null };

describe("delivery rules", () => {
  it("notifies in the app always, by e-mail when the user is known, by SMS when they gave a phone", () => {
    expect(channelsFor(withPhone)).toEqual(["EMAIL", "SMS", "IN_APP"]);
    expect(channelsFor(withoutPhone)).toEqual(["EMAIL", "IN_APP"]);
    expect(channelsFor(null)).toEqual(["IN_APP"]);
  });

  it("leaves the feed's channel to the feed and every other one to an adapter", () => {
    expect(isDeliveredByFeed("IN_APP")).toBe(true);
    expect(isDeliveredByFeed("EMAIL")).toBe(false);
    expect(SENT_CHANNELS).toEqual(["EMAIL", "SMS"]);
    expect(FEED_CHANNELS).toEqual(["IN_APP"]);
  });

  it("starts IN_APP as SENT, EMAIL and SMS as due now to their address, and without one as FAILED", () => {
    expect(initialDelivery("IN_APP", withPhone, now)).toEqual({ recipient: null, deliveryStatus: "SENT", nextAttemptAt: null, deliveredAt: now, lastError: null });
    expect(initialDelivery("EMAIL", withPhone, now)).toMatchObject({ recipient: "ann@test.shop", deliveryStatus: "PENDING", nextAttemptAt: now });
    expect(initialDelivery("SMS", withPhone, now)).toMatchObject({ recipient: "+14155550123", deliveryStatus: "PENDING" });
    expect(initialDelivery("SMS", withoutPhone, now)).toMatchObject({ recipient: null, deliveryStatus: "FAILED", lastError: "no phone number known for the user" });
    expect(initialDelivery("EMAIL", null, now)).toMatchObject({ deliveryStatus: "FAILED", lastError: "no e-mail address known for the user" });
  });

  it("backs off exponentially, capped", () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40, 1000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("retries until the last try, then gives up", () => {
    const policy = { maxAttempts: 3, retryBaseMs: 100 };
    expect(afterFailedAttempt(1, policy, now)).toEqual({ status: "PENDING", nextAttemptAt: new Date(now.getTime() + 100) });
    expect(afterFailedAttempt(2, policy, now)).toEqual({ status: "PENDING", nextAttemptAt: new Date(now.getTime() + 200) });
    expect(afterFailedAttempt(3, policy, now)).toEqual({ status: "FAILED" });
  });
});

import { describe, expect, it } from "vitest";
import { generateKeys } from "@shop/config";
import { loadNotificationsConfig as loadWithoutKeys } from "./config.ts";

const keys = generateKeys();
const loadNotificationsConfig = (source: Record<string, string>) => loadWithoutKeys({ ...keys, ...source });

describe("notifications configuration", () => {
  it("logs both channels and finds the users service and Redis by default", () => {
    const config = loadNotificationsConfig({});
    expect(config.channels).toEqual({ smtp: null, sms: null });
    expect(config).toMatchObject({ usersUrl: "http://localhost:4001/graphql", redisUrl: "redis://127.0.0.1:6379", eventsNamespace: "shop" });
    expect(config.delivery).toEqual({ pollMs: 500, timeoutMs: 5000, maxAttempts: 5, retryBaseMs: 1000 });
  });

  it("turns a provider on with its settings", () => {
    const config = loadNotificationsConfig({ SMTP_URL: "smtps://u:p@mail.example:465", SMS_API_URL: "https://sms.example/send", SMS_API_KEY: "k" });
    expect(config.channels.smtp).toEqual({ url: "smtps://u:p@mail.example:465", from: "Shop <no-reply@shop.local>", timeoutMs: 5000 });
    expect(config.channels.sms).toEqual({ url: "https://sms.example/send", apiKey: "k", from: "Shop", timeoutMs: 5000 });
  });

  it("refuses settings that cannot work", () => {
    expect(() => loadNotificationsConfig({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL is invalid/);
    expect(() => loadNotificationsConfig({ SMS_API_URL: "https://sms.example/send" })).toThrow(/SMS_API_KEY is missing/);
    expect(() => loadNotificationsConfig({ NOTIFICATION_MAX_ATTEMPTS: "0" })).toThrow(/NOTIFICATION_MAX_ATTEMPTS is invalid/);
  });
});

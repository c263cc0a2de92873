// Each adapter against a real receiver on loopback: an SMTP server, an HTTP server, a log.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { startSmtpReceiver, type SmtpReceiver } from "../../../../tests/support/smtp-receiver.ts";
import { createDeliveryChannels } from "./channels.ts";
import { createHttpSmsChannel } from "./http-sms-channel.ts";
import { createLogChannel } from "./log-channel.ts";
import { createSmtpEmailChannel } from "./smtp-email-channel.ts";

const message = { id: "0b6f7c1e-2d0a-4f7e-9a63-3f1f0d2b8c11", subject: "Order #0B6F7C1E shipped", text: "Your order #0B6F7C1E (€12.50) is on its way." };

function captureLog(level = "info") {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: "notifications", level, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, logger };
}

describe("SMTP e-mail channel", () => {
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver({ rejects: (address) => address.startsWith("nobody@") });
  });
  afterAll(() => smtp.stop());

  it("sends a real message with the sender, subject, body and a Message-ID from the notification id", async () => {
    const channel = createSmtpEmailChannel({ url: smtp.url, from: "Shop <no-reply@shop.example>", timeoutMs: 2000 });
    await channel.send({ ...message, to: "ann@test.shop" });
    const received = smtp.messages.at(-1)!;
    expect(received).toMatchObject({ to: ["ann@test.shop"], subject: message.subject, text: message.text, messageId: `<${message.id}@shop.example>` });
    expect(received.raw).toMatch(/^From: Shop <no-reply@shop\.example>$/m);
  });

  it("fails when the server rejects the recipient, or cannot be reached", async () => {
    const channel = createSmtpEmailChannel({ url: smtp.url, from: "no-reply@shop.example", timeoutMs: 2000 });
    await expect(channel.send({ ...message, to: "nobody@test.shop" })).rejects.toThrow(/550/);
    const closed = createSmtpEmailChannel({ url: "smtp://127.0.0.1:1", from: "no-reply@shop.example", timeoutMs: 2000 });
    await expect(closed.send({ ...message, to: "ann@test.shop" })).rejects.toThrow();
  });
});

describe("HTTP SMS channel", () => {
  const requests: { method?: string; headers: http.IncomingHttpHeaders; body: unknown }[] = [];
  let status = 202;
  let url: string;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ method: req.method, headers: req.headers, body: JSON.parse(body) });
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("posts the text as JSON with the API key and the notification id as idempotency key", async () => {
    status = 202;
    await createHttpSmsChannel({ url, apiKey: "sms-key", from: "Shop", timeoutMs: 2000 }).send({ ...message, to: "+14155550123" });
    expect(requests.at(-1)).toEqual({
      method: "POST",
      headers: expect.objectContaining({ authorization: "Bearer sms-key", "content-type": "application/json", "idempotency-key": message.id }),
      body: { to: "+14155550123", from: "Shop", text: message.text },
    });
  });

  it("fails on an answer other than 2xx, with its status", async () => {
    status = 503;
    await expect(createHttpSmsChannel({ url, apiKey: "k", from: "Shop", timeoutMs: 2000 }).send({ ...message, to: "+1" })).rejects.toThrow("HTTP 503");
  });
});

describe("log channel and the choice of adapters", () => {
  it("logs what would be sent, the body only at debug", async () => {
    const info = captureLog("info");
    await createLogChannel(info.logger, "SMS").send({ ...message, to: "+14155550123" });
    expect(info.lines).toEqual([expect.objectContaining({ channel: "SMS", notificationId: message.id, to: "+14155550123", subject: message.subject })]);
    expect(JSON.stringify(info.lines)).not.toContain("on its way");
    const debug = captureLog("debug");
    await createLogChannel(debug.logger, "SMS").send({ ...message, to: "+14155550123" });
    expect(debug.lines[1]).toMatchObject({ text: message.text });
  });

  it("uses a provider only for the channels whose settings are present", () => {
    const { logger } = captureLog();
    const none = createDeliveryChannels({ smtp: null, sms: null }, logger);
    expect([none.EMAIL.adapter, none.SMS.adapter]).toEqual(["log", "log"]);
    const both = createDeliveryChannels(
      { smtp: { url: "smtp://127.0.0.1:25", from: "a@b.c", timeoutMs: 1 }, sms: { url: "http://127.0.0.1/sms", apiKey: "k", from: "Shop", timeoutMs: 1 } },
      logger,
    );
    expect([both.EMAIL.adapter, both.SMS.adapter]).toEqual(["smtp", "http"]);
  });
});

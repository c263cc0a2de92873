import nodemailer from "nodemailer";
import type { DeliveryChannel } from "./channel.ts";

/**
 * EMAIL over SMTP (`smtp://` with STARTTLS when offered, or `smtps://`; credentials in the
 * URL). One connection per message: deliveries are infrequent, and nothing stays open to close.
 */
export function createSmtpEmailChannel({ url, from, timeoutMs }: { url: string; from: string; timeoutMs: number }): DeliveryChannel {
  const transport = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "shop.local";
  return {
    adapter: "smtp",
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        // The same on every try, so a resend after a crash can be recognised as a duplicate.
        messageId: `<${message.id}@${domain}>`,
      });
    },
  };
}

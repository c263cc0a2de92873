import type { NotificationChannel } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { DeliveryChannel } from "./channel.ts";

/** For a channel without provider settings: writes what would be sent (the body only at debug). */
export function createLogChannel(logger: Logger, channel: NotificationChannel): DeliveryChannel {
  return {
    adapter: "log",
    async send(message) {
      logger.info({ channel, notificationId: message.id, to: message.to, subject: message.subject }, "not sent: no provider configured for the channel");
      logger.debug({ channel, notificationId: message.id, text: message.text }, "body of the message not sent");
    },
  };
}

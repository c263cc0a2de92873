import type { Logger } from "@shop/logger";
import type { NotificationsConfig } from "../config.ts";
import type { SentChannel } from "../domain/delivery-rules.ts";
import type { DeliveryChannel } from "./channel.ts";
import { createHttpSmsChannel } from "./http-sms-channel.ts";
import { createLogChannel } from "./log-channel.ts";
import { createSmtpEmailChannel } from "./smtp-email-channel.ts";

// One adapter per channel that is sent, so that such a channel without one does not compile.
export type DeliveryChannels = Record<SentChannel, DeliveryChannel>;

/** Each channel's adapter, chosen by which settings are present. */
export function createDeliveryChannels(settings: NotificationsConfig["channels"], logger: Logger): DeliveryChannels {
  return {
    EMAIL: settings.smtp ? createSmtpEmailChannel(settings.smtp) : createLogChannel(logger, "EMAIL"),
    SMS: settings.sms ? createHttpSmsChannel(settings.sms) : createLogChannel(logger, "SMS"),
  };
}

import { z } from "zod";
import { ConfigError, env, eventsEnv, loadSubgraphConfig, streamConsumerEnv, subgraphUrlFor } from "@shop/config";

/** The notifications service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const notificationsEnv = {
  ...eventsEnv,
  ...streamConsumerEnv,
  USERS_TIMEOUT_MS: env.positiveInt(2000),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  SMTP_FROM: z.string().default("Shop <no-reply@shop.local>"),
  SMS_API_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  SMS_API_KEY: z.string().optional(),
  SMS_FROM: z.string().default("Shop"),
  DELIVERY_TIMEOUT_MS: env.positiveInt(5000),
  DELIVERY_POLL_MS: env.positiveInt(500),
  NOTIFICATION_MAX_ATTEMPTS: env.positiveInt(5),
  NOTIFICATION_RETRY_BASE_MS: env.positiveInt(1000),
  // Longer than the order-events stream keeps an event (7 days): an event that can still be replayed is still recorded.
  PROCESSED_EVENTS_RETENTION_DAYS: env.positiveInt(30),
};

export function loadNotificationsConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("notifications", notificationsEnv, source);
  const { env: e } = config;
  if (e.SMS_API_URL && !e.SMS_API_KEY) {
    throw new ConfigError("Invalid configuration:\n  - SMS_API_KEY is missing (required when SMS_API_URL is set)");
  }
  return {
    ...config,
    redisUrl: e.REDIS_URL,
    eventsNamespace: e.EVENTS_NAMESPACE,
    usersUrl: subgraphUrlFor("users", source),
    usersTimeoutMs: e.USERS_TIMEOUT_MS,
    processedEventsRetentionMs: e.PROCESSED_EVENTS_RETENTION_DAYS * 86_400_000,
    deadConsumerIdleMs: e.DEAD_CONSUMER_IDLE_HOURS * 3_600_000,
    /** Unset settings leave a channel on the log adapter. */
    channels: {
      smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM, timeoutMs: e.DELIVERY_TIMEOUT_MS } : null,
      sms: e.SMS_API_URL && e.SMS_API_KEY ? { url: e.SMS_API_URL, apiKey: e.SMS_API_KEY, from: e.SMS_FROM, timeoutMs: e.DELIVERY_TIMEOUT_MS } : null,
    },
    delivery: {
      pollMs: e.DELIVERY_POLL_MS,
      timeoutMs: e.DELIVERY_TIMEOUT_MS,
      maxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: e.NOTIFICATION_RETRY_BASE_MS,
    },
  };
}

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

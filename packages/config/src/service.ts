import { z } from "zod";
import { env } from "./fields.ts";
import { ConfigError } from "./load.ts";

/** Variables every service reads. */
export const commonServiceEnv = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: z.string().default("0.0.0.0"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** After SIGTERM: finish in-flight work and exit within this many milliseconds. */
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
  /** The registered operations: the gateway's safelist, and the operation names metrics may label. */
  PERSISTED_QUERY_MANIFEST_PATH: z.string().default(new URL("../../../schema/persisted-query-manifest.json", import.meta.url).pathname),
};

/** Each service serves Prometheus metrics on a port of its own, `<NAME>_METRICS_PORT`. */
export const METRICS_PORTS = { gateway: 9400, users: 9401, products: 9402, orders: 9403, notifications: 9404 } as const;

// Good enough to sign in on a laptop, useless anywhere else: production must set its own.
const DEVELOPMENT_JWT_SECRET = "development-only-secret-change-me-0123456789";

export function jwtSecretOf(config: { NODE_ENV: string; JWT_SECRET?: string | undefined }): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.NODE_ENV === "production") {
    throw new ConfigError("Invalid configuration:\n  - JWT_SECRET is missing (required when NODE_ENV=production)");
  }
  return DEVELOPMENT_JWT_SECRET;
}

/** Variables of every service that publishes or consumes events through Redis. */
export const eventsEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  /** Prefix of every stream and channel name, so deployments sharing one Redis stay apart. */
  EVENTS_NAMESPACE: z.string().regex(/^[\w.-]+$/).default("shop"),
};

import { z } from "zod";
import { env } from "./fields.ts";
import { keyEnv } from "./keys.ts";

/** Variables every service reads. */
export const commonServiceEnv = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  // Loopback unless told otherwise: containers and clusters set 0.0.0.0 themselves.
  HOST: z.string().default("127.0.0.1"),
  /** Every service verifies user tokens with the users service's public keys. */
  JWT_PUBLIC_KEYS: keyEnv.JWT_PUBLIC_KEYS,
  /** Every request to a subgraph is signed with it: the gateway's and the services' own (packages/request-signing). */
  REQUEST_SIGNING_SECRET: keyEnv.REQUEST_SIGNING_SECRET,
  /** After SIGTERM: finish in-flight work and exit within this many milliseconds. */
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
  /**
   * After SIGTERM, /readyz answers 503 for this long while requests are still served, so a load
   * balancer's health checks take the replica out before it drains (0: drain at once, as behind
   * Kubernetes, whose preStop pause does this). Part of SHUTDOWN_GRACE_MS.
   */
  SHUTDOWN_DRAIN_DELAY_MS: env.nonNegativeInt(0),
  /** The registered operations: the gateway's safelist, and the operation names metrics may label. */
  PERSISTED_QUERY_MANIFEST_PATH: z.string().default(new URL("../../../schema/persisted-query-manifest.json", import.meta.url).pathname),
};

/**
 * The V8 heap limit (MB) of the service processes `npm start` runs. Without one V8 sizes its
 * heap from the machine's memory (4 GB on a 24 GiB host) and lets garbage pile up between full
 * collections: a gateway that holds 90 MB reached 490 MB of RSS under load, and 270 to 290 MB
 * with this limit, for the same CPU (docs/performance.md). Smaller limits cost CPU: 384 MB took
 * the gateway 19 % more per request. Containers set their own, from their memory limit
 * (deploy/docker/Dockerfile).
 */
export const SERVICE_HEAP_LIMIT_MB = 1024;

/** NODE_OPTIONS for a service process on a machine of its own: the heap limit, then the caller's own NODE_OPTIONS (the later flag wins). */
export const serviceNodeOptions = (inherited: string | undefined): string => [`--max-old-space-size=${SERVICE_HEAP_LIMIT_MB}`, inherited].filter(Boolean).join(" ");

/** Each service serves Prometheus metrics on a port of its own, `<NAME>_METRICS_PORT`. */
export const METRICS_PORTS = { gateway: 9400, users: 9401, products: 9402, orders: 9403, notifications: 9404 } as const;

/** Variables of every service that publishes or consumes events through Redis. */
/** A service with a transactional outbox: how often its relay looks for rows (it is also nudged after each write). */
export const outboxEnv = {
  OUTBOX_POLL_MS: env.positiveInt(100),
};

export const eventsEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  /** Prefix of every stream and channel name, so deployments sharing one Redis stay apart. */
  EVENTS_NAMESPACE: z.string().regex(/^[\w.-]+$/).default("shop"),
};

/** Variables of every service that reads the order-events stream in a consumer group. */
export const streamConsumerEnv = {
  /** A consumer of the group idle this long with nothing pending is deleted: a name left by a replica that is gone. */
  DEAD_CONSUMER_IDLE_HOURS: env.positiveInt(24),
};

/** The OpenTelemetry samplers the SDK knows by name (OTEL_TRACES_SAMPLER). */
export const TRACES_SAMPLERS = [
  "always_on",
  "always_off",
  "traceidratio",
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
] as const;

/**
 * OpenTelemetry's own variables, read by @shop/tracing before a service starts. No endpoint
 * means no tracing at all: nothing is exported and no instrumentation is installed.
 */
export const tracingEnv = {
  /** The OTLP/HTTP base URL (traces go to `<endpoint>/v1/traces`), e.g. http://jaeger:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://jaeger:4318" }).optional(),
  OTEL_SERVICE_NAME: z.string().regex(/^[\w.-]+$/, "must be a name of letters, digits, '.', '_' or '-'").optional(),
  OTEL_TRACES_SAMPLER: z.enum(TRACES_SAMPLERS, { error: `must be one of ${TRACES_SAMPLERS.join(", ")}` }).default("parentbased_always_on"),
  /** The ratio of the `*traceidratio` samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0, "must be a ratio from 0 to 1").max(1, "must be a ratio from 0 to 1").default(1),
  /** How long finished spans wait before they are sent in one batch. */
  OTEL_BSP_SCHEDULE_DELAY: env.positiveInt(5000),
};

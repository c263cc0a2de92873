import { z } from "zod";
import { env, eventsEnv, loadSubgraphConfig } from "@shop/config";

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A token cannot be taken back before it expires, so no login may outlast a day. */
const MAX_TOKEN_SECONDS = 86_400;

/** The users service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const usersEnv = {
  ...eventsEnv,
  JWT_TTL: z
    .string()
    .regex(/^[1-9]\d*[smhd]$/, 'must be a duration such as "2h" or "30m"')
    .refine((ttl) => Number(ttl.slice(0, -1)) * SECONDS_PER_UNIT[ttl.at(-1) as keyof typeof SECONDS_PER_UNIT] <= MAX_TOKEN_SECONDS, "must be at most 24h")
    .default("2h"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** Logins to one account since its last success, per window; then RATE_LIMITED. */
  AUTH_LIMIT_PER_ACCOUNT: env.positiveInt(10),
  /** Logins and sign-ups from one client address, per window. */
  AUTH_LIMIT_PER_ADDRESS: env.positiveInt(100),
  AUTH_LIMIT_WINDOW_SECONDS: env.positiveInt(60),
};

export function loadUsersConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("users", usersEnv, source);
  const { JWT_TTL, ADMIN_EMAIL, ADMIN_PASSWORD, REDIS_URL, EVENTS_NAMESPACE } = config.env;
  return {
    ...config,
    jwtTtl: JWT_TTL,
    admin: ADMIN_EMAIL && ADMIN_PASSWORD ? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } : null,
    /** Where the sign-in limits are counted, so that every replica shares them. */
    redisUrl: REDIS_URL,
    eventsNamespace: EVENTS_NAMESPACE,
    signInLimits: {
      perAccount: config.env.AUTH_LIMIT_PER_ACCOUNT,
      perAddress: config.env.AUTH_LIMIT_PER_ADDRESS,
      windowSeconds: config.env.AUTH_LIMIT_WINDOW_SECONDS,
    },
  };
}

export type UsersConfig = ReturnType<typeof loadUsersConfig>;

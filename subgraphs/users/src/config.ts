import { z } from "zod";
import { loadSubgraphConfig } from "@shop/config";

/** The users service's own variables, besides every subgraph's (docs/configuration.md lists them all). */
export const usersEnv = {
  JWT_TTL: z.string().regex(/^[1-9]\d*[smhd]$/, 'must be a duration such as "2h" or "30m"').default("2h"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
};

export function loadUsersConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadSubgraphConfig("users", usersEnv, source);
  const { JWT_TTL, ADMIN_EMAIL, ADMIN_PASSWORD } = config.env;
  return {
    ...config,
    jwtTtl: JWT_TTL,
    admin: ADMIN_EMAIL && ADMIN_PASSWORD ? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } : null,
  };
}

export type UsersConfig = ReturnType<typeof loadUsersConfig>;

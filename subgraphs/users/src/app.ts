import DataLoader from "dataloader";
import { createRedis } from "@shop/events";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { UsersConfig } from "./config.ts";
import { createAttemptCounter } from "./data/attempt-counter.ts";
import { memoryRevokedSessions, redisRevokedSessions } from "./data/revoked-sessions.ts";
import { createUsersDb } from "./data/prisma.ts";
import { createUserRepository } from "./data/user-repository.ts";
import { createUserService } from "./domain/user-service.ts";
import { CACHEABLE_ROOT_FIELDS, resolvers, type UsersContext } from "./resolvers.ts";

/** `inProcess`: every service runs in this one process without Redis, so the sign-in limits are counted in memory. */
export async function startUsersSubgraph(config: UsersConfig, { inProcess = false }: { inProcess?: boolean } = {}) {
  const runtime = createSubgraphRuntime(config, config.jwtTtl);
  const db = createUsersDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery });
  const users = createUserRepository(db);
  // Sign-in limits and revoked sessions, shared by every replica.
  const redis = inProcess ? undefined : createRedis(config.redisUrl, runtime.logger, "users-sessions");
  const counter = (name: string, attempts: number) =>
    createAttemptCounter({ name, attempts, windowSeconds: config.signInLimits.windowSeconds, redis: redis && { client: redis, namespace: config.eventsNamespace } });
  const limits = { perAccount: counter("account", config.signInLimits.perAccount), perAddress: counter("address", config.signInLimits.perAddress) };
  const revoked = redis ? redisRevokedSessions(redis, config.eventsNamespace, runtime.logger) : memoryRevokedSessions();
  const userService = createUserService({ users, tokens: runtime.tokens, limits, revoked });
  if (config.admin) {
    await userService.ensureAdmin(config.admin.email, config.admin.password);
    runtime.logger.info({ email: config.admin.email }, "administrator account ensured from ADMIN_EMAIL");
  }
  const service = await startSubgraph<UsersContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    cacheableRootFields: CACHEABLE_ROOT_FIELDS,
    database: db,
    nonces: inProcess ? undefined : { redisUrl: config.redisUrl, namespace: config.eventsNamespace },
    // The Redis connection goes once the last request has drained.
    workers: redis ? [{ stop: async () => redis.disconnect() }] : [],
    context: (base) => ({ ...base, userService, userById: new DataLoader((ids) => users.findByIds(ids)), signedIn: new Set() }),
  });
  return { service, logger: runtime.logger };
}

import DataLoader from "dataloader";
import { createSubgraphRuntime, loadTypeDefs, startSubgraph } from "@shop/server";
import type { UsersConfig } from "./config.ts";
import { createUsersDb } from "./data/prisma.ts";
import { createUserRepository } from "./data/user-repository.ts";
import { createUserService } from "./domain/user-service.ts";
import { resolvers, type UsersContext } from "./resolvers.ts";

export async function startUsersSubgraph(config: UsersConfig) {
  const runtime = createSubgraphRuntime(config, config.jwtTtl);
  const db = createUsersDb(config.databaseUrl, { observeQuery: runtime.metrics.observeQuery });
  const users = createUserRepository(db);
  const userService = createUserService({ users, tokens: runtime.tokens });
  if (config.admin) {
    await userService.ensureAdmin(config.admin.email, config.admin.password);
    runtime.logger.info({ email: config.admin.email }, "administrator account ensured from ADMIN_EMAIL");
  }
  const service = await startSubgraph<UsersContext>({
    runtime,
    typeDefs: loadTypeDefs(new URL("./schema.graphql", import.meta.url)),
    resolvers,
    database: db,
    context: (base) => ({ ...base, userService, userById: new DataLoader((ids) => users.findByIds(ids)), signedIn: new Set() }),
  });
  return { service, logger: runtime.logger };
}

import type DataLoader from "dataloader";
import { isOwnerOrAdmin, viewerOrNull } from "@shop/auth";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { UserRecord } from "../data/user-repository.ts";
import type { RegistrationInput } from "../domain/registration.ts";
import type { UserService } from "../domain/user-service.ts";

export interface UsersContext extends SubgraphContext {
  userService: UserService;
  userById: DataLoader<string, UserRecord | null>;
}

export const resolvers = {
  DateTime,
  Query: {
    me(_: unknown, __: unknown, ctx: UsersContext) {
      const viewer = viewerOrNull(ctx.auth);
      return viewer ? ctx.userById.load(viewer.userId) : null;
    },
  },
  Mutation: {
    register: (_: unknown, { input }: { input: RegistrationInput }, ctx: UsersContext) => ctx.userService.register(input),
    login: (_: unknown, args: { email: string; password: string }, ctx: UsersContext) =>
      ctx.userService.login(args.email, args.password),
  },
  User: {
    __resolveReference: (ref: { id: string }, ctx: UsersContext) => ctx.userById.load(ref.id),
    phone(user: UserRecord, _: unknown, ctx: UsersContext) {
      const viewer = viewerOrNull(ctx.auth);
      return viewer && isOwnerOrAdmin(viewer, user.id) ? user.phone : null;
    },
  },
};

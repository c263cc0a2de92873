import type DataLoader from "dataloader";
import { isOwnerOrAdmin, requireService, requireViewer, viewerOrNull } from "@shop/auth";
import { cacheTag } from "@shop/events";
import { DateTime, type SubgraphContext } from "@shop/server";
import type { UserRecord } from "./data/user-repository.ts";
import type { RegistrationInput } from "./domain/registration.ts";
import type { AuthPayload, UserService } from "./domain/user-service.ts";

export interface UsersContext extends SubgraphContext {
  userService: UserService;
  userById: DataLoader<string, UserRecord | null>;
  /** Users who proved who they are in this very request (register, login): they may see their own account. */
  signedIn: Set<string>;
}

const sessionOf = (ctx: UsersContext) => (ctx.auth.kind === "user" ? ctx.auth.session : undefined);

/** A user's account is for that user and for administrators only. */
function maySee(ctx: UsersContext, userId: string): boolean {
  if (ctx.signedIn.has(userId)) return true;
  return ctx.auth.kind === "user" && isOwnerOrAdmin(ctx.auth.viewer, userId);
}

async function signIn(ctx: UsersContext, payload: Promise<AuthPayload>): Promise<AuthPayload> {
  const result = await payload;
  ctx.signedIn.add(result.user.id);
  return result;
}

/** Every query field tags what it read, privately: the gateway caches an answer for its caller only. */
export const CACHEABLE_ROOT_FIELDS = ["me", "_entities"] as const;

export const resolvers = {
  DateTime,
  Query: {
    /** Null for a signed-out token too: the gateway asks this to know whether a token still counts. */
    async me(_: unknown, __: unknown, ctx: UsersContext) {
      const viewer = viewerOrNull(ctx.auth);
      if (!viewer || !(await ctx.userService.isSignedIn(sessionOf(ctx)))) return null;
      ctx.cacheTags.addPrivate(cacheTag.account(viewer.userId));
      return ctx.userById.load(viewer.userId);
    },
    userContacts(_: unknown, { ids }: { ids: string[] }, ctx: UsersContext) {
      requireService(ctx.auth, "notifications");
      return ctx.userService.contacts(ids);
    },
  },
  Mutation: {
    register: (_: unknown, { input }: { input: RegistrationInput }, ctx: UsersContext) =>
      signIn(ctx, ctx.userService.register(input, ctx.clientAddress)),
    login: (_: unknown, args: { email: string; password: string }, ctx: UsersContext) =>
      signIn(ctx, ctx.userService.login(args.email, args.password, ctx.clientAddress)),
    logout(_: unknown, __: unknown, ctx: UsersContext) {
      // Answers cached for this account (`me`, and what embeds it) are dropped with the session.
      ctx.cacheTags.add(cacheTag.account(requireViewer(ctx.auth).userId));
      return ctx.userService.logout(sessionOf(ctx));
    },
  },
  User: {
    /** Other subgraphs (an order's user) reach accounts here: null for anyone but the user or an ADMIN. */
    async __resolveReference(ref: { id: string }, ctx: UsersContext) {
      ctx.cacheTags.addPrivate(cacheTag.account(ref.id));
      return maySee(ctx, ref.id) ? ctx.userById.load(ref.id) : null;
    },
    phone: (user: UserRecord, _: unknown, ctx: UsersContext) => (maySee(ctx, user.id) ? user.phone : null),
  },
};

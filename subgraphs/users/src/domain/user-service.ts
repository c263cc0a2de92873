import { Role, type Session, type TokenService } from "@shop/auth";
import { BadUserInputError, ConflictError, UnauthenticatedError } from "@shop/errors";
import type { UserRecord, UserRepository } from "../data/user-repository.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { normalizeEmail, validatePassword, validateRegistration, type RegistrationInput } from "./registration.ts";
import type { RevokedSessions } from "./revoked-sessions.ts";
import { countAttempt, type SignInLimits } from "./sign-in-limits.ts";

export interface AuthPayload {
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

export type UserService = ReturnType<typeof createUserService>;

// Bounds one internal request; callers ask per event, far below this.
const MAX_CONTACT_IDS = 100;

// Verified against when the e-mail is unknown, so a login takes as long whether or not the
// account exists and its timing does not reveal registered addresses.
const UNKNOWN_USER_HASH = hashPassword("unknown-user-placeholder");

export function createUserService(deps: { users: UserRepository; tokens: TokenService; limits: SignInLimits; revoked: RevokedSessions }) {
  const { users, tokens, limits, revoked } = deps;
  async function signIn(user: UserRecord): Promise<AuthPayload> {
    const { token, expiresAt } = await tokens.signUser(user.id, user.role);
    return { token, expiresAt, user };
  }

  return {
    /** `clientAddress`: who is asking, for the per-address limit. */
    async register(input: RegistrationInput, clientAddress: string): Promise<AuthPayload> {
      await countAttempt(limits.perAddress, clientAddress);
      const valid = validateRegistration(input);
      const passwordHash = await hashPassword(valid.password);
      const user = await users.create({ email: valid.email, name: valid.name, phone: valid.phone, passwordHash, role: Role.CUSTOMER });
      if (!user) throw new ConflictError("An account with this e-mail address already exists.", { field: "email" });
      return signIn(user);
    },

    async login(email: string, password: string, clientAddress: string): Promise<AuthPayload> {
      const account = normalizeEmail(email);
      await countAttempt(limits.perAddress, clientAddress);
      await countAttempt(limits.perAccount, account);
      const user = await users.findByEmail(account);
      const valid = await verifyPassword(password, user?.passwordHash ?? (await UNKNOWN_USER_HASH));
      if (!user || !valid) throw new UnauthenticatedError("The e-mail address or password is wrong.");
      await limits.perAccount.reset(account);
      return signIn(user);
    },

    /** Signs the session out: its token is refused from now on (by the gateway, which asks `me`). */
    async logout(session: Session | undefined): Promise<boolean> {
      if (!session) return false;
      await revoked.revoke(session.id, session.expiresAt);
      return true;
    },

    /** Whether a session's token still counts: false once it was signed out. */
    async isSignedIn(session: Session | undefined): Promise<boolean> {
      return !session || !(await revoked.isRevoked(session.id));
    },

    /** For the notifications service only (the resolver checks the caller). */
    contacts(ids: readonly string[]) {
      if (ids.length > MAX_CONTACT_IDS) throw new BadUserInputError(`ids can name at most ${MAX_CONTACT_IDS} users.`, { field: "ids" });
      return users.findContacts(ids);
    },

    /** The first administrator comes from configuration (ADMIN_EMAIL / ADMIN_PASSWORD). */
    async ensureAdmin(email: string, password: string): Promise<UserRecord> {
      validatePassword(password);
      return users.upsertAdmin({ email: normalizeEmail(email), name: "Administrator", passwordHash: await hashPassword(password) });
    },
  };
}

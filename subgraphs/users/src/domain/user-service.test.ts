// The account rules against the real users test database, without a server.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createTokenService } from "@shop/auth";
import { databaseUrlFor, generateSigningKey } from "@shop/config";
import { extensionsOf } from "@shop/errors/testing";
import { createUsersDb } from "../data/prisma.ts";
import { createAttemptCounter } from "../data/attempt-counter.ts";
import { memoryRevokedSessions } from "../data/revoked-sessions.ts";
import { createUserRepository } from "../data/user-repository.ts";
import { createUserService } from "./user-service.ts";

const db = createUsersDb(databaseUrlFor("users"));
const signingKey = generateSigningKey();
const tokens = createTokenService({ publicKeys: [signingKey.publicKey], privateKey: signingKey.privateKey });
const limitsOf = (perAccount: number, perAddress: number) => ({
  perAccount: createAttemptCounter({ name: "account", attempts: perAccount, windowSeconds: 60 }),
  perAddress: createAttemptCounter({ name: "address", attempts: perAddress, windowSeconds: 60 }),
});
const service = createUserService({ users: createUserRepository(db), tokens, revoked: memoryRevokedSessions(), limits: limitsOf(1000, 1000) });
const CLIENT = "192.0.2.1";

afterAll(() => db.$disconnect());

const email = () => `svc-${randomUUID().slice(0, 8)}@Test.Shop`;

const codeOf = async (fn: () => Promise<unknown>) => (await extensionsOf(fn)).code;

describe("user service", () => {
  it("registers a customer with a lower-cased e-mail and a signed token", async () => {
    const address = email();
    const { token, user, expiresAt } = await service.register({ email: address, password: "password-1", name: "Ann" }, CLIENT);
    expect(user).toMatchObject({ email: address.toLowerCase(), role: "CUSTOMER", name: "Ann" });
    expect(user.passwordHash).not.toContain("password-1");
    expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { sub: user.id, role: "CUSTOMER" } });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await codeOf(() => service.register({ email: address.toUpperCase(), password: "password-2", name: "Dup" }, CLIENT))).toBe("CONFLICT");
  });

  it("logs in with the right password only, and says the same for an unknown address", async () => {
    const address = email();
    await service.register({ email: address, password: "password-1", name: "Ann" }, CLIENT);
    expect((await service.login(` ${address.toUpperCase()} `, "password-1", CLIENT)).user.email).toBe(address.toLowerCase());
    expect(await codeOf(() => service.login(address, "password-2", CLIENT))).toBe("UNAUTHENTICATED");
    expect(await codeOf(() => service.login(email(), "password-1", CLIENT))).toBe("UNAUTHENTICATED");
  });

  it("creates or promotes the configured administrator", async () => {
    const address = email();
    await service.register({ email: address, password: "password-1", name: "Soon admin" }, CLIENT);
    const admin = await service.ensureAdmin(address, "admin-password-1");
    expect(admin.role).toBe("ADMIN");
    expect((await service.login(address, "admin-password-1", CLIENT)).user.role).toBe("ADMIN");
    const fresh = await service.ensureAdmin(email(), "admin-password-2");
    expect(fresh).toMatchObject({ role: "ADMIN", name: "Administrator" });
    expect(await codeOf(() => service.ensureAdmin(email(), "short"))).toBe("BAD_USER_INPUT");
  });

  it("signs a session out: its token no longer counts, others of the same user still do", async () => {
    const address = email();
    const first = await service.register({ email: address, password: "password-1", name: "Ann" }, CLIENT);
    const second = await service.login(address, "password-1", CLIENT);
    const sessionOf = async (token: string) => {
      const verified = await tokens.verify(token);
      if (!verified.ok) throw new Error(verified.reason);
      return { id: verified.claims.jti!, expiresAt: verified.claims.exp! };
    };
    expect(await service.isSignedIn(await sessionOf(first.token))).toBe(true);
    expect(await service.logout(await sessionOf(first.token))).toBe(true);
    expect(await service.isSignedIn(await sessionOf(first.token))).toBe(false);
    expect(await service.isSignedIn(await sessionOf(second.token))).toBe(true);
    expect(await service.logout(undefined)).toBe(false);
  });

  describe("sign-in limits", () => {
    it("refuses an account's 4th login after 3 failures, even with the right password, and says when to retry", async () => {
      const limited = createUserService({ users: createUserRepository(db), tokens, revoked: memoryRevokedSessions(), limits: limitsOf(3, 1000) });
      const address = email();
      await limited.register({ email: address, password: "password-1", name: "Ann" }, CLIENT);
      for (let attempt = 0; attempt < 3; attempt++) expect(await codeOf(() => limited.login(address, "wrong-password", CLIENT))).toBe("UNAUTHENTICATED");
      expect(await extensionsOf(() => limited.login(address.toUpperCase(), "password-1", "198.51.100.7"))).toEqual({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
      // Another account from the same address is not affected.
      const other = email();
      await limited.register({ email: other, password: "password-1", name: "Bo" }, CLIENT);
      expect((await limited.login(other, "password-1", CLIENT)).user.email).toBe(other.toLowerCase());
    });

    it("answers an unknown e-mail exactly as a known one", async () => {
      const limited = createUserService({ users: createUserRepository(db), tokens, revoked: memoryRevokedSessions(), limits: limitsOf(2, 1000) });
      const known = email();
      await limited.register({ email: known, password: "password-1", name: "Ann" }, CLIENT);
      const answers = async (address: string) => {
        const codes = [];
        for (let attempt = 0; attempt < 3; attempt++) codes.push(await codeOf(() => limited.login(address, "wrong-password", CLIENT)));
        return codes;
      };
      expect(await answers(email())).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
      expect(await answers(known)).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
    });

    it("forgets an account's failures once it logs in", async () => {
      const limited = createUserService({ users: createUserRepository(db), tokens, revoked: memoryRevokedSessions(), limits: limitsOf(2, 1000) });
      const address = email();
      await limited.register({ email: address, password: "password-1", name: "Ann" }, CLIENT);
      await codeOf(() => limited.login(address, "wrong-password", CLIENT));
      await limited.login(address, "password-1", CLIENT);
      await codeOf(() => limited.login(address, "wrong-password", CLIENT));
      expect((await limited.login(address, "password-1", CLIENT)).user.email).toBe(address.toLowerCase());
    });

    it("limits logins and sign-ups together per client address", async () => {
      const limited = createUserService({ users: createUserRepository(db), tokens, revoked: memoryRevokedSessions(), limits: limitsOf(1000, 2) });
      await limited.register({ email: email(), password: "password-1", name: "Ann" }, CLIENT);
      await codeOf(() => limited.login(email(), "wrong-password", CLIENT));
      expect(await codeOf(() => limited.register({ email: email(), password: "password-1", name: "Bo" }, CLIENT))).toBe("RATE_LIMITED");
      expect(await codeOf(() => limited.login(email(), "password-1", CLIENT))).toBe("RATE_LIMITED");
      expect((await limited.register({ email: email(), password: "password-1", name: "Cy" }, "198.51.100.7")).user.role).toBe("CUSTOMER");
    });
  });
});

// The account rules against the real users test database, without a server.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createTokenService } from "@shop/auth";
import { databaseUrlFor } from "@shop/config";
import { extensionsOf } from "@shop/errors/testing";
import { createUsersDb } from "../data/prisma.ts";
import { createUserRepository } from "../data/user-repository.ts";
import { createUserService } from "./user-service.ts";

const db = createUsersDb(databaseUrlFor("users"));
const tokens = createTokenService({ secret: "t".repeat(32) });
const service = createUserService({ users: createUserRepository(db), tokens });

afterAll(() => db.$disconnect());

const email = () => `svc-${randomUUID().slice(0, 8)}@Test.Shop`;

const codeOf = async (fn: () => Promise<unknown>) => (await extensionsOf(fn)).code;

describe("user service", () => {
  it("registers a customer with a lower-cased e-mail and a signed token", async () => {
    const address = email();
    const { token, user, expiresAt } = await service.register({ email: address, password: "password-1", name: "Ann" });
    expect(user).toMatchObject({ email: address.toLowerCase(), role: "CUSTOMER", name: "Ann" });
    expect(user.passwordHash).not.toContain("password-1");
    expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { sub: user.id, role: "CUSTOMER" } });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await codeOf(() => service.register({ email: address.toUpperCase(), password: "password-2", name: "Dup" }))).toBe("CONFLICT");
  });

  it("logs in with the right password only, and says the same for an unknown address", async () => {
    const address = email();
    await service.register({ email: address, password: "password-1", name: "Ann" });
    expect((await service.login(` ${address.toUpperCase()} `, "password-1")).user.email).toBe(address.toLowerCase());
    expect(await codeOf(() => service.login(address, "password-2"))).toBe("UNAUTHENTICATED");
    expect(await codeOf(() => service.login(email(), "password-1"))).toBe("UNAUTHENTICATED");
  });

  it("creates or promotes the configured administrator", async () => {
    const address = email();
    await service.register({ email: address, password: "password-1", name: "Soon admin" });
    const admin = await service.ensureAdmin(address, "admin-password-1");
    expect(admin.role).toBe("ADMIN");
    expect((await service.login(address, "admin-password-1")).user.role).toBe("ADMIN");
    const fresh = await service.ensureAdmin(email(), "admin-password-2");
    expect(fresh).toMatchObject({ role: "ADMIN", name: "Administrator" });
    expect(await codeOf(() => service.ensureAdmin(email(), "short"))).toBe("BAD_USER_INPUT");
  });
});

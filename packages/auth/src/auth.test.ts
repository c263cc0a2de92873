import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "@shop/errors";
import { extensionsOf } from "@shop/errors/testing";
import { createTokenService, isOwnerOrAdmin, readAuthState, requireAdmin, requireService, requireViewer, Role } from "./index.ts";

const tokens = createTokenService({ secret: "s".repeat(32), userTokenTtl: "1h" });

const codeOf = async (fn: () => unknown) => (await extensionsOf(fn)).code;

describe("tokens and auth state", () => {
  it("reads a user token into a viewer", async () => {
    const { token, expiresAt } = await tokens.signUser("u1", Role.ADMIN);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3_590_000);
    const auth = await readAuthState(`Bearer ${token}`, tokens);
    expect(auth).toEqual({ kind: "user", viewer: { userId: "u1", role: "ADMIN" } });
    expect(requireAdmin(auth).userId).toBe("u1");
  });

  it("tells anonymous, malformed, forged and expired tokens apart", async () => {
    expect(await readAuthState(undefined, tokens)).toEqual({ kind: "anonymous" });
    expect((await readAuthState("Basic abc", tokens)).kind).toBe("invalid");
    const forged = await createTokenService({ secret: "f".repeat(32), userTokenTtl: "1h" }).signUser("u1", Role.ADMIN);
    expect(await readAuthState(`Bearer ${forged.token}`, tokens)).toEqual({ kind: "invalid", reason: "The token is not valid." });
    const expired = await createTokenService({ secret: "s".repeat(32), userTokenTtl: "-1s" }).signUser("u1", Role.CUSTOMER);
    const auth = await readAuthState(`Bearer ${expired.token}`, tokens);
    expect(auth).toEqual({ kind: "invalid", reason: "The token has expired; sign in again." });
    expect(await codeOf(() => requireViewer(auth))).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it("refuses a correctly signed token that lacks exp or sub", async () => {
    const key = new TextEncoder().encode("s".repeat(32));
    const base = () => new SignJWT({ role: Role.ADMIN }).setProtectedHeader({ alg: "HS256" }).setIssuer("shop-users").setAudience("shop");
    const noExp = await base().setSubject("u1").sign(key);
    const noSub = await base().setExpirationTime("1h").sign(key);
    expect(await tokens.verify(noExp)).toEqual({ ok: false, reason: "The token is not valid." });
    expect(await tokens.verify(noSub)).toEqual({ ok: false, reason: "The token is not valid." });
    expect((await tokens.verify(await base().setSubject("u1").setExpirationTime("1h").sign(key))).ok).toBe(true);
  });

  it("guards by role and by service", async () => {
    const customer = await readAuthState(`Bearer ${(await tokens.signUser("u2", Role.CUSTOMER)).token}`, tokens);
    const service = await readAuthState(`Bearer ${await tokens.signService("orders")}`, tokens);
    expect(await codeOf(() => requireAdmin(customer))).toBe(ErrorCode.FORBIDDEN);
    expect(await codeOf(() => requireViewer({ kind: "anonymous" }))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(requireService(service, "orders")).toBe("orders");
    expect(await codeOf(() => requireService(service, "notifications"))).toBe(ErrorCode.FORBIDDEN);
    expect(await codeOf(() => requireService(customer, "orders"))).toBe(ErrorCode.FORBIDDEN);
    expect(await codeOf(() => requireService({ kind: "anonymous" }, "orders"))).toBe(ErrorCode.UNAUTHENTICATED);
    expect(await codeOf(() => requireViewer(service))).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it("lets owners and admins through", () => {
    expect(isOwnerOrAdmin({ userId: "a", role: Role.CUSTOMER }, "a")).toBe(true);
    expect(isOwnerOrAdmin({ userId: "a", role: Role.CUSTOMER }, "b")).toBe(false);
    expect(isOwnerOrAdmin({ userId: "a", role: Role.ADMIN }, "b")).toBe(true);
  });
});

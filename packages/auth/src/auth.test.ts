import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { generateSigningKey } from "@shop/config";
import { ErrorCode } from "@shop/errors";
import { extensionsOf } from "@shop/errors/testing";
import { createTokenService, isOwnerOrAdmin, readAuthState, requireAdmin, requireService, requireViewer, Role } from "./index.ts";

const current = generateSigningKey();
const serviceSecret = "a random service secret for this test run, 0123456789";
const tokens = createTokenService({ publicKeys: [current.publicKey], privateKey: current.privateKey, serviceSecret, userTokenTtl: "1h" });
/** What every service but users has: it verifies user tokens and cannot sign one. */
const verifier = createTokenService({ publicKeys: [current.publicKey], serviceSecret });

const codeOf = async (fn: () => unknown) => (await extensionsOf(fn)).code;

describe("tokens and auth state", () => {
  it("reads a user token into a viewer", async () => {
    const { token, expiresAt } = await tokens.signUser("u1", Role.ADMIN);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3_590_000);
    const auth = await readAuthState(`Bearer ${token}`, tokens);
    expect(auth).toEqual({ kind: "user", viewer: { userId: "u1", role: "ADMIN" }, session: { id: expect.any(String), expiresAt: expect.any(Number) } });
    expect(requireAdmin(auth).userId).toBe("u1");
  });

  it("tells anonymous, malformed, forged and expired tokens apart", async () => {
    expect(await readAuthState(undefined, tokens)).toEqual({ kind: "anonymous" });
    expect((await readAuthState("Basic abc", tokens)).kind).toBe("invalid");
    expect(await readAuthState("Bearer not-a-jwt", tokens)).toEqual({ kind: "invalid", reason: "The token is not valid." });
    // Another key pair under the same kid: the signature does not verify.
    const foreign = generateSigningKey();
    const forged = await createTokenService({ publicKeys: [], privateKey: { ...foreign.privateKey, kid: current.privateKey.kid } }).signUser("u1", Role.ADMIN);
    expect(await readAuthState(`Bearer ${forged.token}`, tokens)).toEqual({ kind: "invalid", reason: "The token is not valid." });
    const expired = await createTokenService({ publicKeys: [], privateKey: current.privateKey, userTokenTtl: "-1s" }).signUser("u1", Role.CUSTOMER);
    const auth = await readAuthState(`Bearer ${expired.token}`, tokens);
    expect(auth).toEqual({ kind: "invalid", reason: "The token has expired; sign in again." });
    expect(await codeOf(() => requireViewer(auth))).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it("verifies a user token's signature once, remembering its claims until it expires, and only for that exact token", async () => {
    const clock = { now: Date.now() };
    const remembering = createTokenService({ publicKeys: [current.publicKey], serviceSecret, now: () => clock.now });
    const { token, expiresAt } = await tokens.signUser("u1", Role.CUSTOMER);
    const signatureChecks = vi.spyOn(globalThis.crypto.subtle, "verify");
    try {
      expect(await remembering.verify(token)).toMatchObject({ ok: true, claims: { sub: "u1", role: "CUSTOMER" } });
      expect(await remembering.verify(token)).toMatchObject({ ok: true, claims: { sub: "u1" } });
      expect(signatureChecks).toHaveBeenCalledTimes(1);
      // The same claims under another signature: checked, and refused.
      const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
      expect(await remembering.verify(tampered)).toEqual({ ok: false, reason: "The token is not valid." });
      expect(signatureChecks).toHaveBeenCalledTimes(2);
      // Service tokens are new on every call: never remembered.
      const service = await remembering.signService("orders");
      await remembering.verify(service);
      await remembering.verify(service);
      expect(signatureChecks).toHaveBeenCalledTimes(4);
    } finally {
      signatureChecks.mockRestore();
    }
    clock.now = expiresAt.getTime();
    expect(await remembering.verify(token)).toEqual({ ok: false, reason: "The token has expired; sign in again." });
  });

  it("refuses a correctly signed token that lacks exp or sub", async () => {
    const key = createPrivateKey({ key: { ...current.privateKey }, format: "jwk" });
    const base = () => new SignJWT({ role: Role.ADMIN }).setProtectedHeader({ alg: "EdDSA", kid: current.privateKey.kid }).setIssuer("shop-users").setAudience("shop");
    const noExp = await base().setSubject("u1").sign(key);
    const noSub = await base().setExpirationTime("1h").sign(key);
    expect(await tokens.verify(noExp)).toEqual({ ok: false, reason: "The token is not valid." });
    expect(await tokens.verify(noSub)).toEqual({ ok: false, reason: "The token is not valid." });
    expect((await tokens.verify(await base().setSubject("u1").setExpirationTime("1h").sign(key))).ok).toBe(true);
  });

  it("lets only the holder of the private key sign user tokens, and only the subgraphs sign service tokens", async () => {
    await expect(verifier.signUser("u1", Role.ADMIN)).rejects.toThrow(/USERS_JWT_PRIVATE_KEY/);
    const gateway = createTokenService({ publicKeys: [current.publicKey] });
    await expect(gateway.signService("gateway")).rejects.toThrow(/SERVICE_TOKEN_SECRET/);
    const { token } = await tokens.signUser("u1", Role.ADMIN);
    expect(await readAuthState(`Bearer ${token}`, verifier)).toMatchObject({ kind: "user", viewer: { userId: "u1", role: "ADMIN" } });
    expect(await readAuthState(`Bearer ${token}`, gateway)).toMatchObject({ kind: "user", viewer: { userId: "u1", role: "ADMIN" } });
    // The gateway holds no service secret, so no service token means anything to it.
    expect((await readAuthState(`Bearer ${await verifier.signService("orders")}`, gateway)).kind).toBe("invalid");
  });

  it("keeps user and service tokens apart: neither key signs the other kind", async () => {
    const secret = new TextEncoder().encode(serviceSecret);
    // A user token signed with the service secret (HS256) claims a login no private key made.
    const userClaimsUnderSecret = await new SignJWT({ role: Role.ADMIN }).setProtectedHeader({ alg: "HS256" }).setSubject("u1").setIssuer("shop-users").setAudience("shop").setExpirationTime("1h").sign(secret);
    expect((await readAuthState(`Bearer ${userClaimsUnderSecret}`, verifier)).kind).toBe("invalid");
    // A service claim under the users key is no service token.
    const key = createPrivateKey({ key: { ...current.privateKey }, format: "jwk" });
    const serviceClaimsUnderUserKey = await new SignJWT({ service: "orders" }).setProtectedHeader({ alg: "EdDSA", kid: current.privateKey.kid }).setSubject("service:orders").setIssuer("shop-services").setAudience("shop-services").setExpirationTime("1h").sign(key);
    expect((await readAuthState(`Bearer ${serviceClaimsUnderUserKey}`, verifier)).kind).toBe("invalid");
    const otherSecret = createTokenService({ publicKeys: [], serviceSecret: "another service secret, not this deployment's 0123" });
    expect((await readAuthState(`Bearer ${await otherSecret.signService("orders")}`, verifier)).kind).toBe("invalid");
  });

  it("accepts the old and the new key during a rotation, by kid, and nothing once the old key is dropped", async () => {
    const next = generateSigningKey();
    const oldToken = (await tokens.signUser("u1", Role.CUSTOMER)).token;
    const users = createTokenService({ publicKeys: [current.publicKey, next.publicKey], privateKey: next.privateKey });
    const newToken = (await users.signUser("u2", Role.CUSTOMER)).token;
    const duringRotation = createTokenService({ publicKeys: [current.publicKey, next.publicKey] });
    expect((await readAuthState(`Bearer ${oldToken}`, duringRotation)).kind).toBe("user");
    expect((await readAuthState(`Bearer ${newToken}`, duringRotation)).kind).toBe("user");
    const afterRotation = createTokenService({ publicKeys: [next.publicKey] });
    expect((await readAuthState(`Bearer ${oldToken}`, afterRotation)).kind).toBe("invalid");
    expect((await readAuthState(`Bearer ${newToken}`, afterRotation)).kind).toBe("user");
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

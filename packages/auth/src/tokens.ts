import { createPrivateKey, createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "./role.ts";

// User tokens and service tokens differ in algorithm, key, issuer and audience: one can never pass for the other.
const USER_TOKEN = { alg: "EdDSA", issuer: "shop-users", audience: "shop" } as const;
const SERVICE_TOKEN = { alg: "HS256", issuer: "shop-services", audience: "shop-services" } as const;

export interface TokenClaims {
  sub: string;
  role?: Role;
  /** A user token's id and expiry (seconds since the epoch): what a logout revokes, and until when. */
  jti?: string;
  exp?: number;
  /** Set on tokens that one service signs to call another; never on a user's token. */
  service?: string;
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export interface TokenService {
  signUser(userId: string, role: Role): Promise<SignedToken>;
  signService(service: string): Promise<string>;
  verify(token: string): Promise<VerifyResult>;
}

/** An Ed25519 key as a JWK, named by its kid (@shop/config reads and checks them). */
type NamedJwk = JsonWebKey & { kid: string };

export interface TokenServiceOptions {
  /** Verify user tokens, by the `kid` of their header: two of them while a key is rotated. */
  publicKeys: NamedJwk[];
  /** Signs user tokens: only the users service holds it. */
  privateKey?: NamedJwk | undefined;
  /** Signs and verifies service-to-service tokens: the subgraphs hold it, the gateway does not. */
  serviceSecret?: string | undefined;
  /** How long a user's token lasts, as a jose duration such as "2h" or "15m". */
  userTokenTtl?: string;
  /** The clock that remembered tokens expire by (tests move it). */
  now?: () => number;
}

// Service tokens are short-lived and minted per call, so a leaked one is worth little.
const SERVICE_TOKEN_TTL = "5m";

const INVALID: VerifyResult = { ok: false, reason: "The token is not valid." };
const EXPIRED: VerifyResult = { ok: false, reason: "The token has expired; sign in again." };

// An Ed25519 verification costs more than the rest of a cached request, and a customer sends the
// same token with every request to every service: a valid user token's claims are remembered,
// by the whole token, until it expires. The keys are fixed for the process's life, so what
// verified once verifies again; revocation (logout, the account check) reads the claims after.
const REMEMBERED_USER_TOKENS = 10_000;

/**
 * User tokens: EdDSA (Ed25519) JWTs that the users service signs with its private key and
 * every service verifies with the public keys, so no other service can mint a login.
 * Service tokens: HS256 JWTs under a secret of their own, which only the subgraphs share.
 */
export function createTokenService({ publicKeys, privateKey, serviceSecret, userTokenTtl = "2h", now = Date.now }: TokenServiceOptions): TokenService {
  const verifiers = new Map<string, KeyObject>(publicKeys.map((jwk) => [jwk.kid, createPublicKey({ key: { ...jwk }, format: "jwk" })]));
  const signer = privateKey && { kid: privateKey.kid, key: createPrivateKey({ key: { ...privateKey }, format: "jwk" }) };
  const serviceKey = serviceSecret === undefined ? undefined : new TextEncoder().encode(serviceSecret);
  const verifiedUserTokens = new Map<string, TokenClaims>();

  const build = (claims: Record<string, unknown>, subject: string, ttl: string, kind: typeof USER_TOKEN | typeof SERVICE_TOKEN) =>
    new SignJWT(claims).setSubject(subject).setIssuer(kind.issuer).setAudience(kind.audience).setIssuedAt().setExpirationTime(ttl).setJti(randomUUID());

  /** The claims of a valid token, or undefined; jose's errors (expired, bad signature) are thrown. */
  async function verifiedClaims(token: string): Promise<TokenClaims | undefined> {
    // A token without `exp` would never expire and one without `sub` names nobody: refuse both.
    const requiredClaims = ["exp", "sub"];
    const { alg, kid } = decodeProtectedHeader(token);
    if (alg === USER_TOKEN.alg) {
      const key = kid === undefined ? undefined : verifiers.get(kid);
      if (!key) return undefined;
      const { payload } = await jwtVerify(token, key, { issuer: USER_TOKEN.issuer, audience: USER_TOKEN.audience, algorithms: [USER_TOKEN.alg], requiredClaims });
      return { sub: payload.sub!, role: payload.role as Role | undefined, jti: payload.jti, exp: payload.exp };
    }
    if (alg === SERVICE_TOKEN.alg && serviceKey) {
      const { payload } = await jwtVerify(token, serviceKey, { issuer: SERVICE_TOKEN.issuer, audience: SERVICE_TOKEN.audience, algorithms: [SERVICE_TOKEN.alg], requiredClaims });
      return typeof payload.service === "string" ? { sub: payload.sub!, service: payload.service } : undefined;
    }
    return undefined;
  }

  return {
    async signUser(userId, role) {
      if (!signer) throw new Error("This service holds no USERS_JWT_PRIVATE_KEY: only the users service signs user tokens");
      const token = await build({ role }, userId, userTokenTtl, USER_TOKEN).setProtectedHeader({ alg: USER_TOKEN.alg, kid: signer.kid }).sign(signer.key);
      return { token, expiresAt: new Date(decodeJwt(token).exp! * 1000) };
    },
    async signService(service) {
      if (!serviceKey) throw new Error("This service holds no SERVICE_TOKEN_SECRET: only subgraphs call each other");
      return build({ service }, `service:${service}`, SERVICE_TOKEN_TTL, SERVICE_TOKEN).setProtectedHeader({ alg: SERVICE_TOKEN.alg }).sign(serviceKey);
    },
    async verify(token) {
      const remembered = verifiedUserTokens.get(token);
      if (remembered) {
        // jose's rule: valid while `exp` is after the current second.
        if (remembered.exp! > Math.floor(now() / 1000)) return { ok: true, claims: remembered };
        verifiedUserTokens.delete(token);
        return EXPIRED;
      }
      try {
        const claims = await verifiedClaims(token);
        if (!claims) return INVALID;
        // Service tokens are minted per call: none is ever sent twice.
        if (!claims.service) {
          // The oldest goes first: Map keeps insertion order.
          if (verifiedUserTokens.size >= REMEMBERED_USER_TOKENS) verifiedUserTokens.delete(verifiedUserTokens.keys().next().value!);
          verifiedUserTokens.set(token, claims);
        }
        return { ok: true, claims };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return EXPIRED;
        return INVALID;
      }
    },
  };
}

/** When the token of a `Bearer <token>` value expires, read without verifying: call it once the token is verified. */
export function tokenExpiry(authorization: string): Date | null {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
  const exp = token ? decodeJwt(token).exp : undefined;
  return exp === undefined ? null : new Date(exp * 1000);
}

import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";
import type { Role } from "./role.ts";

const ISSUER = "shop-users";
const AUDIENCE = "shop";

export interface TokenClaims {
  sub: string;
  role?: Role;
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

export interface TokenServiceOptions {
  secret: string;
  /** How long a user's token lasts, as a jose duration such as "2h" or "15m". */
  userTokenTtl?: string;
}

// Service tokens are short-lived and minted per call, so a leaked one is worth little.
const SERVICE_TOKEN_TTL = "5m";

/** HS256 JWTs shared by every service: the users service signs, everybody verifies. */
export function createTokenService({ secret, userTokenTtl = "2h" }: TokenServiceOptions): TokenService {
  const key = new TextEncoder().encode(secret);
  const sign = (claims: Record<string, unknown>, subject: string, ttl: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(ttl)
      .sign(key);

  return {
    async signUser(userId, role) {
      const token = await sign({ role }, userId, userTokenTtl);
      return { token, expiresAt: new Date(decodeJwt(token).exp! * 1000) };
    },
    signService: (service) => sign({ service }, `service:${service}`, SERVICE_TOKEN_TTL),
    async verify(token) {
      try {
        // A token without `exp` would never expire and one without `sub` names nobody: refuse both.
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          requiredClaims: ["exp", "sub"],
        });
        return {
          ok: true,
          claims: {
            sub: payload.sub!,
            role: payload.role as Role | undefined,
            service: typeof payload.service === "string" ? payload.service : undefined,
          },
        };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, reason: "The token has expired; sign in again." };
        return { ok: false, reason: "The token is not valid." };
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

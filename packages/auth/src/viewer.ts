import { Role } from "./role.ts";
import type { TokenService } from "./tokens.ts";

/** A signed-in user, as proven by their token. */
export interface Viewer {
  userId: string;
  role: Role;
}

/** The token a user signed in with, by id: what a logout revokes, until it would have expired. */
export interface Session {
  id: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * What a request proved about its caller. A bad or expired token is kept apart from "no
 * token" so that guarded fields say UNAUTHENTICATED with the reason instead of acting
 * as if the caller were anonymous.
 */
export type AuthState =
  | { kind: "anonymous" }
  | { kind: "user"; viewer: Viewer; session?: Session }
  | { kind: "service"; service: string }
  | { kind: "invalid"; reason: string };

export async function readAuthState(authorization: string | undefined, tokens: TokenService): Promise<AuthState> {
  if (!authorization) return { kind: "anonymous" };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { kind: "invalid", reason: "The Authorization header must be `Bearer <token>`." };
  const verified = await tokens.verify(match[1]!);
  if (!verified.ok) return { kind: "invalid", reason: verified.reason };
  const claims = verified.claims;
  if (claims.service) return { kind: "service", service: claims.service };
  const viewer = { userId: claims.sub, role: claims.role ?? Role.CUSTOMER };
  return claims.jti && claims.exp ? { kind: "user", viewer, session: { id: claims.jti, expiresAt: claims.exp } } : { kind: "user", viewer };
}

import { ForbiddenError, UnauthenticatedError } from "@shop/errors";
import { Role } from "./role.ts";
import type { AuthState, Viewer } from "./viewer.ts";

/** The signed-in user, or UNAUTHENTICATED (with the token's problem, if it had one). */
export function requireViewer(auth: AuthState): Viewer {
  if (auth.kind === "user") return auth.viewer;
  if (auth.kind === "invalid") throw new UnauthenticatedError(auth.reason);
  throw new UnauthenticatedError();
}

/** The signed-in user, null when anonymous; a bad token is still UNAUTHENTICATED. */
export function viewerOrNull(auth: AuthState): Viewer | null {
  return auth.kind === "anonymous" ? null : requireViewer(auth);
}

export function requireAdmin(auth: AuthState): Viewer {
  const viewer = requireViewer(auth);
  if (viewer.role !== Role.ADMIN) throw new ForbiddenError("Only an administrator can do this.");
  return viewer;
}

/** For internal fields that only the named services of ours may call. */
export function requireService(auth: AuthState, ...allowed: [string, ...string[]]): string {
  if (auth.kind === "service" && allowed.includes(auth.service)) return auth.service;
  if (auth.kind === "anonymous" || auth.kind === "invalid") throw new UnauthenticatedError();
  throw new ForbiddenError("Only an internal service can do this.");
}

export function isOwnerOrAdmin(viewer: Viewer, ownerId: string): boolean {
  return viewer.role === Role.ADMIN || viewer.userId === ownerId;
}

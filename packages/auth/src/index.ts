export { createTokenService, tokenExpiry, type TokenService, type TokenClaims, type SignedToken } from "./tokens.ts";
export { Role } from "./role.ts";
export { type Viewer, type AuthState, type Session, readAuthState } from "./viewer.ts";
export { requireViewer, viewerOrNull, requireAdmin, requireService, isOwnerOrAdmin } from "./guards.ts";

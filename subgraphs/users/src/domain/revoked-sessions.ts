/** The sessions (token ids) signed out before their tokens expire. */
export interface RevokedSessions {
  /** Until `expiresAt` (seconds since the epoch), after which the token is refused anyway. */
  revoke(id: string, expiresAt: number): Promise<void>;
  isRevoked(id: string): Promise<boolean>;
}

/**
 * Open subscription connections (WebSockets and multipart streams), bounded per user so that
 * one user cannot hold the gateway's sockets and memory. Both transports count every
 * connection in and out here, and only here.
 */
export function createConnectionLimits(maxPerUser: number) {
  const open = new Map<string, number>();
  return {
    /**
     * Counts a connection in; returns its release, or null when the user is at the limit. An
     * anonymous connection (null) is never refused: each of its subscriptions is, UNAUTHENTICATED.
     */
    admit(userId: string | null): (() => void) | null {
      if (userId === null) return () => undefined;
      const count = open.get(userId) ?? 0;
      if (count >= maxPerUser) return null;
      open.set(userId, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = open.get(userId)! - 1;
        if (left === 0) open.delete(userId);
        else open.set(userId, left);
      };
    },
  };
}

export type ConnectionLimits = ReturnType<typeof createConnectionLimits>;

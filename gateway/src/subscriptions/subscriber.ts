import { readAuthState, tokenExpiry, type TokenService } from "@shop/auth";
import { UnauthenticatedError } from "@shop/errors";

/** A signed-in user holding subscriptions, and the token they proved it with. */
export interface Subscriber {
  userId: string;
  role: string;
  /** Forwarded on every follow-up query, so the subgraphs check access as for any request. */
  authorization: string;
  /** Subscriptions end, UNAUTHENTICATED, when the token does. */
  expiresAt: Date | null;
}

export type SubscriberAuth = { subscriber: Subscriber } | { refusal: UnauthenticatedError };

/** The Authorization value from connection_init or an HTTP header: a signed-in user, or why not. */
export async function authenticate(authorization: unknown, tokens: TokenService): Promise<SubscriberAuth> {
  const header = typeof authorization === "string" ? authorization : undefined;
  const auth = await readAuthState(header, tokens);
  if (auth.kind === "user") {
    return { subscriber: { userId: auth.viewer.userId, role: auth.viewer.role, authorization: header!, expiresAt: tokenExpiry(header!) } };
  }
  return { refusal: new UnauthenticatedError(auth.kind === "invalid" ? auth.reason : "Sign in to subscribe.") };
}

/**
 * What a subscriber may see, as a key: the user id and role its token carries, which is all
 * the subgraphs authorize by. Subscribers with the same key (several tabs, several logins of
 * one user) are answered the same, so they may share one follow-up per event.
 */
export const accessKey = (subscriber: Subscriber): string => `${subscriber.userId}\n${subscriber.role}`;

/** The subscriber, once more checked against the clock: a connection outlives its token. */
export function requireSubscriber(auth: SubscriberAuth): Subscriber {
  if ("refusal" in auth) throw auth.refusal;
  if (auth.subscriber.expiresAt && auth.subscriber.expiresAt.getTime() <= Date.now()) throw new UnauthenticatedError("The token has expired; sign in again.");
  return auth.subscriber;
}

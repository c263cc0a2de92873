// The signed-in user and their token, kept for the browser tab's session (sessionStorage): a
// reload keeps the sign-in, closing the tab ends it.
import type { LoginMutation } from "./generated/graphql.ts";

export type SessionUser = LoginMutation["login"]["user"];
export interface Session {
  token: string;
  user: SessionUser;
}

const KEY = "storefront.session";

export function loadSession(): Session | null {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

import { readAuthState, type TokenService } from "@shop/auth";
import type { Logger } from "@shop/logger";
import type { RequestSigner } from "@shop/request-signing";
import { createSignedSubgraphQuery } from "./signed-subgraph-query.ts";

/** How long an account's role is trusted after the users service confirmed it. */
export const ACCOUNT_CHECK_TTL_MS = 30_000;
// Distinct tokens remembered at once; the oldest go first.
const MAX_REMEMBERED = 10_000;

const STALE_ACCOUNT = "The account behind this token no longer exists or has another role; sign in again.";

/**
 * Whether a user token's account still exists with the role the token claims: a token
 * outlives a deleted or demoted account, and the role in it would otherwise be believed
 * until it expires. Asked of the users service (`me { role }` with the token itself), and
 * remembered per token for ACCOUNT_CHECK_TTL_MS, so an account change is seen within that.
 * While the users service cannot answer, the token's own claims are taken (and not remembered).
 */
export interface AccountCheck {
  isCurrent(authorization: string): Promise<boolean>;
  /** Asks again next time: the token was just signed out through this gateway. */
  forget(authorization: string): void;
}

export function createAccountCheck(options: {
  tokens: TokenService;
  usersUrl: string;
  signRequest: RequestSigner;
  timeoutMs: number;
  logger: Logger;
  now?: () => number;
}): AccountCheck {
  const { tokens, logger, now = Date.now } = options;
  const queryUsers = createSignedSubgraphQuery({ url: options.usersUrl, signRequest: options.signRequest, timeoutMs: options.timeoutMs });
  const remembered = new Map<string, { current: boolean; until: number }>();

  async function currentRole(authorization: string): Promise<string | null> {
    const result = await queryUsers<{ me: { role: string } | null }>("{ me { role } }", {}, authorization);
    // `me: null` beside an error (its database away, say) is no answer: only an errorless one says no.
    if (!result.data || result.errors?.length) throw new Error(`users answered ${result.status} ${result.errors?.[0]?.extensions?.code ?? "without data"}`);
    return result.data.me?.role ?? null;
  }

  return {
    async isCurrent(authorization) {
      const known = remembered.get(authorization);
      if (known && known.until > now()) return known.current;
      const auth = await readAuthState(authorization, tokens);
      // Anonymous, invalid and service credentials are the subgraphs' to judge.
      if (auth.kind !== "user") return true;
      let current: boolean;
      try {
        current = (await currentRole(authorization)) === auth.viewer.role;
      } catch (error) {
        logger.warn({ err: error }, "users could not confirm an account; its token's claims are taken as they are");
        return true;
      }
      remembered.delete(authorization);
      remembered.set(authorization, { current, until: now() + ACCOUNT_CHECK_TTL_MS });
      if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
      return current;
    },
    forget(authorization) {
      remembered.delete(authorization);
    },
  };
}

/** `tokens`, refusing a user token whose account is no longer current (for the subscription transports). */
export function withAccountCheck(tokens: TokenService, accounts: AccountCheck): TokenService {
  return {
    ...tokens,
    async verify(token) {
      const verified = await tokens.verify(token);
      if (!verified.ok || verified.claims.service) return verified;
      return (await accounts.isCurrent(`Bearer ${token}`)) ? verified : { ok: false, reason: STALE_ACCOUNT };
    },
  };
}

import { RateLimitedError } from "@shop/errors";

/** Counts attempts per key within a window. */
export interface AttemptCounter {
  /** Counts one attempt: null while the key is within its limit, else the seconds until it may try again. */
  hit(key: string): Promise<number | null>;
  /** Forgets the key's attempts. */
  reset(key: string): Promise<void>;
}

/**
 * Logins and sign-ups are limited per client address (all attempts), and logins per account
 * (attempts since the last success), so guessing one account's password and spraying many
 * accounts from one address both stop. The account key is the normalised e-mail whether or
 * not an account has it: the answer says nothing about which addresses are registered.
 */
export interface SignInLimits {
  perAccount: AttemptCounter;
  perAddress: AttemptCounter;
}

export async function countAttempt(counter: AttemptCounter, key: string): Promise<void> {
  const retryAfterSeconds = await counter.hit(key);
  if (retryAfterSeconds !== null) throw new RateLimitedError(retryAfterSeconds);
}

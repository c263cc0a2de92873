// Tokens signed with this test run's keys (test-env.ts), as the users service and the subgraphs
// sign them, and tokens an attacker could sign.
import { SignJWT } from "jose";
import { createTokenService } from "@shop/auth";
import { loadUsersConfig } from "@shop/users-subgraph/config";

/** The users service holds every key: it signs user tokens, and service tokens as any subgraph does. */
export const runTokens = createTokenService(loadUsersConfig().tokenKeys);

/** A user token as they were before asymmetric keys: HS256 under a shared secret. */
export function signedWithSecret(secret: string, userId: string, role: string): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuer("shop-users")
    .setAudience("shop")
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
}

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { ConfigError } from "./load.ts";

/**
 * The key material of every service, one variable each:
 * - USERS_JWT_PRIVATE_KEY (users only): the Ed25519 private JWK that signs user tokens;
 * - JWT_PUBLIC_KEYS (every service): the public JWKs that verify them, chosen by `kid`, so
 *   that during a rotation the old and the new key are both accepted;
 * - SERVICE_TOKEN_SECRET (subgraphs): the HMAC secret of service-to-service tokens, apart
 *   from the user keys so that no service can mint a login;
 * - REQUEST_SIGNING_SECRET (every service): the HMAC secret every request to a subgraph is
 *   signed with (packages/request-signing), `new,old` during a rotation.
 * No default anywhere: `npm start` generates them into .data/ (laptopKeys), tests per run,
 * deployments set their own (`npm run keys:generate`).
 */
export const KEY_VARIABLES = ["USERS_JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS", "SERVICE_TOKEN_SECRET", "REQUEST_SIGNING_SECRET"] as const;
export type KeyVariable = (typeof KEY_VARIABLES)[number];

const FIX = "run `npm run keys:generate` and set the lines it prints (npm start generates them into .data/ by itself)";

/**
 * Values that were ever published in this repository (the old development and compose
 * defaults): anyone can sign with them, so they are refused as keys wherever they turn up.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  "development-only-secret-change-me-0123456789",
  "dev-only-insecure-jwt-secret-for-docker-compose-change-me",
];

// A random 32-character secret has about 25 distinct characters; "x".repeat(32) or "changeme…" far fewer.
const MIN_DISTINCT_CHARACTERS = 16;

const base64url = z.string().regex(/^[\w-]{43}$/, "must be 32 bytes, base64url");
const publicJwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), kid: z.string().min(1), x: base64url });
const privateJwk = publicJwk.extend({ d: base64url });

/** An Ed25519 key as a JWK under its kid; `d` only on a private key. */
export type Ed25519Jwk = z.infer<typeof publicJwk> & { d?: string };

/**
 * A JSON variable: parsed, checked against `schema`, and accepted by Node as a key; any
 * problem is one message about the whole variable (a JWK's inner fields mean nothing to an operator).
 */
function jsonKey<T>(schema: z.ZodType<T>, what: string, usable: (value: T) => void) {
  return z.string().transform((text, context) => {
    try {
      const value = schema.parse(JSON.parse(text));
      usable(value);
      return value;
    } catch {
      context.addIssue({ code: "custom", message: `must be ${what} as JSON; ${FIX}` });
      return z.NEVER;
    }
  });
}

const secret = z
  .string()
  .min(32, "must be at least 32 characters")
  .refine((value) => !PUBLISHED_SECRETS.includes(value), { message: `is a value published in the repository, which anyone can sign with; ${FIX}` })
  .refine((value) => new Set(value).size >= MIN_DISTINCT_CHARACTERS, { message: `is not random enough; ${FIX}` });

/** The zod fields, optional so that a missing key gets requireKeys' message (with the fix) rather than zod's. */
export const keyEnv = {
  USERS_JWT_PRIVATE_KEY: jsonKey(privateJwk, "an Ed25519 private JWK with a kid", (jwk) => createPrivateKey({ key: { ...jwk }, format: "jwk" })).optional(),
  JWT_PUBLIC_KEYS: jsonKey(z.object({ keys: z.array(publicJwk).min(1) }), 'a set of Ed25519 public JWKs with kids, {"keys":[…]}', ({ keys }) => {
    for (const jwk of keys) createPublicKey({ key: { ...jwk }, format: "jwk" });
  })
    .refine(({ keys }) => new Set(keys.map((jwk) => jwk.kid)).size === keys.length, { message: "must give each key its own kid" })
    .optional(),
  SERVICE_TOKEN_SECRET: secret.optional(),
  // Comma-separated during a rotation: the first signs, every one is accepted.
  REQUEST_SIGNING_SECRET: z
    .string()
    .transform((value, context) => {
      const secrets = value.split(",").map((part) => part.trim());
      for (const part of secrets) {
        const checked = secret.safeParse(part);
        if (!checked.success) context.addIssue({ code: "custom", message: checked.error.issues[0]!.message });
      }
      return secrets;
    })
    .optional(),
};

type KeyValues = { [K in KeyVariable]?: z.infer<(typeof keyEnv)[K]> };

/** What a service verifies and signs tokens with (see @shop/auth createTokenService). */
export interface TokenKeys {
  /** Verify user tokens, by kid. */
  publicKeys: Ed25519Jwk[];
  /** Signs user tokens: the users service only. */
  privateKey?: Ed25519Jwk;
  /** Signs and verifies service-to-service tokens: the subgraphs only. */
  serviceSecret?: string;
}

/** The request signing secrets, or one ConfigError naming the variable and the fix: every service needs them. */
export function requireSigningSecrets(values: { REQUEST_SIGNING_SECRET?: string[] | undefined }): string[] {
  if (!values.REQUEST_SIGNING_SECRET) throw new ConfigError(`Invalid configuration:\n  - REQUEST_SIGNING_SECRET is missing: ${FIX}`);
  return values.REQUEST_SIGNING_SECRET;
}

/**
 * The keys a service needs, or one ConfigError naming each missing variable and the fix.
 * Every mode requires them: there is no fallback key for anyone to find.
 */
export function requireKeys(values: KeyValues, needs: readonly KeyVariable[]): TokenKeys {
  const missing = needs.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${missing.map((name) => `  - ${name} is missing: ${FIX}`).join("\n")}`);
  }
  const keys: TokenKeys = { publicKeys: values.JWT_PUBLIC_KEYS!.keys };
  if (needs.includes("USERS_JWT_PRIVATE_KEY")) {
    const privateKey = values.USERS_JWT_PRIVATE_KEY!;
    // Tokens signed with a key the others do not know would be refused everywhere.
    if (!keys.publicKeys.some((jwk) => jwk.kid === privateKey.kid && jwk.x === privateKey.x)) {
      throw new ConfigError(`Invalid configuration:\n  - JWT_PUBLIC_KEYS is invalid: it lacks the public key of USERS_JWT_PRIVATE_KEY (kid "${privateKey.kid}")`);
    }
    keys.privateKey = privateKey;
  }
  if (needs.includes("SERVICE_TOKEN_SECRET")) keys.serviceSecret = values.SERVICE_TOKEN_SECRET!;
  return keys;
}

/** A new Ed25519 key pair under a new kid, as JWKs. */
export function generateSigningKey(): { privateKey: Ed25519Jwk; publicKey: Ed25519Jwk } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const kid = randomUUID();
  const { x, d } = privateKey.export({ format: "jwk" });
  return { privateKey: { kty: "OKP", crv: "Ed25519", kid, x: x!, d: d! }, publicKey: { kty: "OKP", crv: "Ed25519", kid, x: x! } };
}

/** Fresh random values for every key variable, as they are written in the environment. */
export function generateKeys(): Record<KeyVariable, string> {
  const { privateKey, publicKey } = generateSigningKey();
  return {
    USERS_JWT_PRIVATE_KEY: JSON.stringify(privateKey),
    JWT_PUBLIC_KEYS: JSON.stringify({ keys: [publicKey] }),
    SERVICE_TOKEN_SECRET: randomBytes(32).toString("base64url"),
    REQUEST_SIGNING_SECRET: randomBytes(32).toString("base64url"),
  };
}

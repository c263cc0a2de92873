import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The headers a signed request carries. */
export const SIGNATURE_HEADERS = { signature: "x-shop-signature", timestamp: "x-shop-timestamp", nonce: "x-shop-nonce" } as const;

/** What a signature covers: the request line and a digest of the exact body bytes. */
export interface SignedParts {
  method: string;
  /** Path and query string, as the server sees them (e.g. "/graphql"). */
  path: string;
  body: string | Uint8Array;
}

export type RequestSigner = (parts: SignedParts) => Record<string, string>;

// "v1" names the scheme, so that a later one can be told apart.
function canonical(parts: SignedParts, timestamp: string, nonce: string): string {
  const bodyDigest = createHash("sha256").update(parts.body).digest("hex");
  return ["v1", parts.method.toUpperCase(), parts.path, bodyDigest, timestamp, nonce].join("\n");
}

const mac = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest();

/** HMAC-SHA256 over method, path, body digest, timestamp (seconds) and a random nonce. */
export function createRequestSigner(secret: string, now: () => number = Date.now): RequestSigner {
  return (parts) => {
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = randomBytes(16).toString("base64url");
    return {
      [SIGNATURE_HEADERS.signature]: mac(secret, canonical(parts, timestamp, nonce)).toString("base64url"),
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.nonce]: nonce,
    };
  };
}

/** Remembers nonces for the window; `claim` is true only the first time a nonce is seen. */
export interface NonceStore {
  claim(nonce: string, ttlSeconds: number): Promise<boolean>;
}

export type Refusal = "unsigned" | "stale" | "invalid" | "replayed";

export interface RequestVerifierOptions {
  /** Every secret accepted: the current one, and the previous one during a rotation. */
  secrets: readonly string[];
  nonces: NonceStore;
  /** How far a request's timestamp may be from this clock, either way. */
  windowSeconds?: number;
  now?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * `check` is synchronous, so it can run before a body is parsed; `spend` then remembers the
 * nonce. `verify` is both, for callers that hold the whole request at once.
 */
export interface RequestVerifier {
  /** Null when the request is signed with one of the secrets within the window; else why not. */
  check(parts: SignedParts, headers: Headers): Exclude<Refusal, "replayed"> | null;
  /** True the first time a checked request's nonce is seen. */
  spend(headers: Headers): Promise<boolean>;
  verify(parts: SignedParts, headers: Headers): Promise<Refusal | null>;
}

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
};

/** Accepts a request signed with one of the secrets, within the window, never seen before. */
export function createRequestVerifier({ secrets, nonces, windowSeconds = 30, now = Date.now }: RequestVerifierOptions): RequestVerifier {
  const check: RequestVerifier["check"] = (parts, headers) => {
    const signature = header(headers, SIGNATURE_HEADERS.signature);
    const timestamp = header(headers, SIGNATURE_HEADERS.timestamp);
    const nonce = header(headers, SIGNATURE_HEADERS.nonce);
    if (!signature || !timestamp || !nonce) return "unsigned";
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now() / 1000 - Number(timestamp)) > windowSeconds) return "stale";
    const given = Buffer.from(signature, "base64url");
    const payload = canonical(parts, timestamp, nonce);
    const valid = secrets.some((secret) => {
      const expected = mac(secret, payload);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    return valid ? null : "invalid";
  };
  // Kept past the window, so that a nonce is never accepted twice while its timestamp is.
  const spend: RequestVerifier["spend"] = (headers) => nonces.claim(header(headers, SIGNATURE_HEADERS.nonce) ?? "", 2 * windowSeconds);
  return {
    check,
    spend,
    // Only a valid signature spends its nonce, so that nobody can burn a nonce ahead of the gateway.
    async verify(parts, headers) {
      return check(parts, headers) ?? ((await spend(headers)) ? null : "replayed");
    },
  };
}

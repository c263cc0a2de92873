import { describe, expect, it } from "vitest";
import { memoryNonceStore } from "./nonce-stores.ts";
import { createRequestSigner, createRequestVerifier, SIGNATURE_HEADERS, type SignedParts } from "./signature.ts";

const SECRET = "s".repeat(32);
const request: SignedParts = { method: "POST", path: "/graphql", body: '{"query":"{ me { id } }"}' };

function verifier(options: { secrets?: string[]; now?: () => number } = {}) {
  return createRequestVerifier({ secrets: options.secrets ?? [SECRET], nonces: memoryNonceStore(), windowSeconds: 30, now: options.now });
}

describe("request signatures", () => {
  it("accept a request signed with the secret, once", async () => {
    const { verify } = verifier();
    const headers = createRequestSigner(SECRET)(request);
    expect(await verify(request, headers)).toBeNull();
    expect(await verify(request, headers)).toBe("replayed");
  });

  it("refuse a request without all three headers", async () => {
    const headers = createRequestSigner(SECRET)(request);
    for (const name of Object.values(SIGNATURE_HEADERS)) {
      const { [name]: _left, ...partial } = headers;
      expect(await verifier().verify(request, partial)).toBe("unsigned");
    }
  });

  it("refuse a timestamp outside the window, either way", async () => {
    const start = Date.now();
    const headers = createRequestSigner(SECRET, () => start)(request);
    expect(await verifier({ now: () => start + 31_000 }).verify(request, headers)).toBe("stale");
    expect(await verifier({ now: () => start - 31_000 }).verify(request, headers)).toBe("stale");
    expect(await verifier({ now: () => start + 29_000 }).verify(request, headers)).toBeNull();
  });

  it("refuse a changed body, path, method, timestamp or nonce", async () => {
    const headers = createRequestSigner(SECRET)(request);
    const { verify } = verifier();
    expect(await verify({ ...request, body: '{"query":"{ me { id email } }"}' }, headers)).toBe("invalid");
    expect(await verify({ ...request, path: "/graphql?x=1" }, headers)).toBe("invalid");
    expect(await verify({ ...request, method: "GET" }, headers)).toBe("invalid");
    expect(await verify(request, { ...headers, [SIGNATURE_HEADERS.timestamp]: String(Number(headers[SIGNATURE_HEADERS.timestamp]) - 1) })).toBe("invalid");
    expect(await verify(request, { ...headers, [SIGNATURE_HEADERS.nonce]: "another-nonce" })).toBe("invalid");
    // Those refusals spent nothing: the untouched request still goes through.
    expect(await verify(request, headers)).toBeNull();
  });

  it("refuse another key, and accept the previous one during a rotation", async () => {
    const next = "n".repeat(32);
    expect(await verifier().verify(request, createRequestSigner(next)(request))).toBe("invalid");
    expect(await verifier({ secrets: [next, SECRET] }).verify(request, createRequestSigner(SECRET)(request))).toBeNull();
    expect(await verifier({ secrets: [next, SECRET] }).verify(request, createRequestSigner(next)(request))).toBeNull();
  });

  it("sign the exact body bytes, a Buffer as its string", async () => {
    const headers = createRequestSigner(SECRET)(request);
    expect(await verifier().verify({ ...request, body: Buffer.from(request.body as string) }, headers)).toBeNull();
  });
});

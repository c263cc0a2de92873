export {
  SIGNATURE_HEADERS,
  createRequestSigner,
  createRequestVerifier,
  type NonceStore,
  type Refusal,
  type RequestSigner,
  type RequestVerifier,
  type RequestVerifierOptions,
  type SignedParts,
} from "./signature.ts";
export { memoryNonceStore, redisNonceStore } from "./nonce-stores.ts";

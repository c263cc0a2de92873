import type { IncomingMessage } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { ErrorCode } from "@shop/errors";
import type { Logger } from "@shop/logger";
import type { Refusal, RequestVerifier } from "@shop/request-signing";
import { refuse } from "./refusals.ts";

const REFUSALS: Record<Refusal, string> = {
  unsigned: "This service answers signed requests only: call it through the gateway.",
  stale: "The request's signature has expired.",
  invalid: "The request's signature is not valid.",
  replayed: "This request was already received.",
};

/** An error express.json passes on to refuseAsGraphQLErrors, which answers it with its status and code. */
class SignatureRefusal extends Error {
  readonly status = 401;
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(refusal: Refusal) {
    super(REFUSALS[refusal]);
  }
}

const refuseAs = (res: Response, refusal: Refusal) => refuse(res, 401, ErrorCode.UNAUTHENTICATED, REFUSALS[refusal]);

// Transfer-Encoding or a non-zero Content-Length: what body-parser reads a body for.
const hasBody = (req: IncomingMessage) => req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] ?? "0") !== "0";

/**
 * A subgraph answers only requests signed by the gateway or another service (packages/
 * request-signing). The signature is checked over the raw body, before it is parsed
 * (express.json's `verify`, or here for a request without a body); the nonce is then spent,
 * so a replay is refused too. Anything unchecked (a body express.json does not read) is refused.
 */
export function requestSignatureChecks(verifier: RequestVerifier, logger: Logger) {
  const checked = new WeakSet<IncomingMessage>();
  const check = (req: IncomingMessage, body: Buffer | string): Refusal | null => {
    const refusal = verifier.check({ method: req.method ?? "GET", path: (req as Request).originalUrl ?? req.url ?? "", body }, req.headers);
    if (refusal) logger.warn({ refusal, remoteAddress: req.socket.remoteAddress }, "refused a request that is not signed");
    else checked.add(req);
    return refusal;
  };
  const withoutBody: RequestHandler = (req, res, next) => {
    const refusal = hasBody(req) ? null : check(req, "");
    if (refusal) refuseAs(res, refusal);
    else next();
  };
  const verifyBody = (req: IncomingMessage, _res: unknown, body: Buffer) => {
    const refusal = check(req, body);
    if (refusal) throw new SignatureRefusal(refusal);
  };
  const spendNonce: RequestHandler = async (req, res, next) => {
    if (!checked.has(req)) refuseAs(res, "unsigned");
    else if (!(await verifier.spend(req.headers))) refuseAs(res, "replayed");
    else next();
  };
  return { withoutBody, verifyBody, spendNonce };
}

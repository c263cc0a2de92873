import type { RequestHandler } from "express";
import { ErrorCode } from "@shop/errors";

/**
 * Refuses to send a GraphQL response over `maxBytes`: a last bound on what one request can make
 * a service serialise and send, behind the operation limits. The operation has run by then, so
 * the refusal says so. Apollo Server's express integration sends a whole result with `res.send`.
 */
export function capResponseSize(maxBytes: number): RequestHandler {
  const message = `The response would be larger than ${maxBytes} bytes and was not sent; ask for fewer items (first:) or fields.`;
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // A string has at least as many bytes as characters, at most three per character: count only when it matters.
      const over = typeof body === "string" && body.length * 3 > maxBytes && Buffer.byteLength(body) > maxBytes;
      if (!over) return send(body);
      res.status(400).type("application/json");
      return send(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.RESPONSE_TOO_LARGE, limit: maxBytes } }] }));
    };
    next();
  };
}

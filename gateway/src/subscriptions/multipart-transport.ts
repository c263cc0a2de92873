import type { RequestHandler, Response } from "express";
import type { TokenService } from "@shop/auth";
import { BadUserInputError } from "@shop/errors";
import type { ConnectionLimits } from "./connection-limits.ts";
import type { SubscriptionExecutor } from "./execute-subscription.ts";
import type { PayloadJson } from "./payload-json.ts";
import { authenticate } from "./subscriber.ts";

const BOUNDARY = "graphql";
const HEARTBEAT = "{}";

/** Apollo's multipart subscription protocol: `Accept: multipart/mixed;subscriptionSpec="1.0"` (what Apollo Client's HttpLink sends). */
export function wantsMultipartSubscription(accept: string | undefined): boolean {
  return /multipart\/mixed/i.test(accept ?? "") && /subscriptionSpec\s*=\s*"?1\.0"?/i.test(accept ?? "");
}

/**
 * Subscriptions over plain HTTP POST /graphql: one response that stays open, one part per
 * event (`{"payload":{"data":...}}`), a `{}` heartbeat part now and then, and the closing
 * boundary when the subscription ends. Every part is followed at once by the next boundary
 * (as Apollo Router writes it), since a client only knows a part is complete when it sees one. The token is the request's Authorization header.
 * Anything else (queries, mutations, other Accept headers) goes on to Apollo Server.
 */
export function createMultipartTransport(options: { executor: SubscriptionExecutor; tokens: TokenService; limits: ConnectionLimits; payloadJson: PayloadJson; heartbeatMs: number }) {
  const { executor, tokens, limits, payloadJson } = options;
  const open = new Set<() => void>();

  const handler: RequestHandler = async (req, res, next) => {
    if (req.method !== "POST" || !wantsMultipartSubscription(req.headers.accept)) return next();
    const body = (req.body ?? {}) as { query?: unknown; operationName?: unknown; variables?: unknown };
    const prepared = executor.prepare(body.query, body.operationName);
    // A query or mutation with this Accept header is Apollo Server's to answer.
    if (prepared.kind === "other") return next();
    if (prepared.kind === "invalid") return void res.status(400).json({ errors: prepared.errors.map((error) => error.toJSON()) });

    const auth = await authenticate(req.headers.authorization, tokens);
    const release = limits.admit("subscriber" in auth ? auth.subscriber.userId : null);
    if (!release) return void res.status(429).json({ errors: [new BadUserInputError("Too many subscriptions for this user.").toJSON()] });
    try {
      const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : undefined;
      const outcome = await executor.execute({ document: prepared.document, operationName: body.operationName as string | undefined, variables }, auth);
      // Refused before it started (UNAUTHENTICATED, FORBIDDEN, ...): a plain GraphQL response.
      if (!(Symbol.asyncIterator in outcome)) return void res.json(outcome);

      res.writeHead(200, { "content-type": `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`, "cache-control": "no-cache" });
      res.write(`\r\n--${BOUNDARY}`);
      writePart(res, HEARTBEAT);
      const heartbeat = setInterval(() => writePart(res, HEARTBEAT), options.heartbeatMs);
      const stop = () => void outcome.return?.();
      open.add(stop);
      res.on("close", stop);
      try {
        for await (const result of outcome) {
          // A reader that falls behind is waited for: its events queue in its subscription
          // (bounded, oldest dropped) rather than piling up unbounded in the response's buffer.
          if (!writePart(res, `{"payload":${payloadJson.jsonOf(result)}}`)) await drained(res);
        }
      } finally {
        clearInterval(heartbeat);
        open.delete(stop);
        res.end("--\r\n");
      }
    } finally {
      release();
    }
  };

  return {
    handler,
    /** Ends every open stream, each with its closing boundary. */
    close() {
      for (const stop of open) stop();
    },
  };
}

/** One part, closed by the boundary that opens the next (or, with `--`, ends the body). False when the response's buffer is full. */
function writePart(res: Response, json: string): boolean {
  return res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}\r\n--${BOUNDARY}`);
}

/** Resolves once the response can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

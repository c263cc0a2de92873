import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { Lexer, Source, TokenKind } from "graphql";
import { ErrorCode, isContractErrorCode } from "@shop/errors";
import type { Logger } from "@shop/logger";

/** The largest request body a service reads (express.json's `limit`). */
export const MAX_BODY = "1mb";

// body-parser's error types; its own messages can quote the body, so a client gets these instead.
const BODY_ERROR_MESSAGES: Record<string, string> = {
  "entity.parse.failed": "The request body is not valid JSON.",
  "entity.too.large": `The request body is larger than ${MAX_BODY}.`,
  "charset.unsupported": "Unsupported charset: send JSON in UTF-8.",
  "encoding.unsupported": "Unsupported content encoding.",
};

/**
 * Deepest nesting of braces, brackets and parentheses a query may have. graphql-js parses
 * recursively, and on a cold start its stack overflows past about 1,500 nested lists.
 */
export const MAX_NESTING = 100;

/** Tokens the parser reads before it gives up: a bound on parsing time, far above any real operation. */
export const PARSER_MAX_TOKENS = 20_000;

/** Browsers must not guess a content type (a JSON error rendered as HTML, say). */
export const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader("x-content-type-options", "nosniff");
  next();
};

/** Refuses a query nested deeper than MAX_NESTING before anything parses it (Apollo Server, multipart subscriptions). */
export const refuseDeepNesting: RequestHandler = (req, res, next) => {
  const query: unknown = req.method === "GET" ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
  if (typeof query === "string" && nestsDeeperThan(query, MAX_NESTING)) {
    refuse(res, 400, ErrorCode.BAD_USER_INPUT, `The query is nested more than ${MAX_NESTING} levels deep.`);
    return;
  }
  next();
};

const OPENERS: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSERS: ReadonlySet<TokenKind> = new Set([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

// The lexer works in a loop, and skips strings and comments as the parser will.
function nestsDeeperThan(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (OPENERS.has(token.kind) && ++depth > max) return true;
      if (CLOSERS.has(token.kind)) depth--;
    }
  } catch {
    // Not a document: the parser reports the syntax error.
  }
  return false;
}

export function refuse(res: Response, status: number, code: ErrorCode, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The last handler of the app: an error (a body that cannot be read, or a bug in a handler)
 * becomes a GraphQL error in JSON with a code, never express's HTML page with its stack.
 */
export function refuseAsGraphQLErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, type, code, message } = (error ?? {}) as { status?: unknown; type?: unknown; code?: unknown; message?: unknown };
    const clientError = typeof status === "number" && status >= 400 && status < 500;
    if (!clientError) logger.error({ err: error }, "request failed before GraphQL");
    // A refusal of our own (a request signature, say) carries its code and a message for the client.
    if (clientError && isContractErrorCode(code)) refuse(res, status, code, String(message));
    else if (clientError) refuse(res, status, ErrorCode.BAD_USER_INPUT, BODY_ERROR_MESSAGES[String(type)] ?? "The request could not be read.");
    else refuse(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error");
  };
}

import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, isContractErrorCode } from "./codes.ts";
import { ServiceUnavailableError } from "./errors.ts";

export type ErrorLogger = (details: {
  level: "warn" | "error";
  err: unknown;
  message: string;
  path?: readonly (string | number)[];
}) => void;

// Apollo Server's own codes for requests that never reached a resolver. They are the
// client's fault, so the client gets them as BAD_USER_INPUT with the original message.
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
]);

// graphql-js's words when a document has more tokens than the parser's bound (it misspells "than").
const PARSER_TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\./;

/** The parser's token bound, when `message` is graphql-js giving up on a document that went past it. */
export function parserTokenLimitOf(message: string): number | undefined {
  const match = PARSER_TOKEN_LIMIT.exec(message);
  return match ? Number(match[1]) : undefined;
}

// Automatic persisted queries depend on these exact codes (Apollo Client retries with the full query).
const PROTOCOL_CODES = new Set(["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"]);

/**
 * An Apollo Server `formatError`: keeps contract codes, turns request errors into
 * BAD_USER_INPUT, and replaces anything unexpected with a bare INTERNAL_SERVER_ERROR
 * after logging it in full. Stack traces never leave the process. An unexpected error that
 * `isUnavailable` recognises (e.g. the database restarting) is SERVICE_UNAVAILABLE instead:
 * the client may try again shortly.
 */
export function maskUnexpectedErrors(log: ErrorLogger, isUnavailable: (error: unknown) => boolean = () => false) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // The gateway tags errors with the subgraph they came from: an internal detail.
    const { stacktrace: _stacktrace, serviceName: _serviceName, ...extensions } = formatted.extensions ?? {};
    if (typeof code === "string" && PROTOCOL_CODES.has(code)) {
      return { ...formatted, extensions: { code } };
    }
    const limit = code === "GRAPHQL_PARSE_FAILED" ? parserTokenLimitOf(formatted.message) : undefined;
    if (limit !== undefined) {
      // The same refusal as the gateway's token limit, which it enforces by setting the parser's bound.
      return { message: `Operation refused: its token count is over the limit of ${limit}.`, extensions: { code: ErrorCode.MAX_TOKENS_LIMIT, limit } };
    }
    if (typeof code === "string" && REQUEST_ERROR_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (code === ErrorCode.SERVICE_UNAVAILABLE) {
      log({ level: "warn", err: originalError(error), message: formatted.message, path: formatted.path });
    }
    if (isContractErrorCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return { ...formatted, extensions: { ...extensions, code } };
    }
    if (isUnavailable(originalError(error))) {
      log({ level: "warn", err: originalError(error), message: formatted.message, path: formatted.path });
      const unavailable = new ServiceUnavailableError();
      return { message: unavailable.message, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    log({ level: "error", err: originalError(error), message: formatted.message, path: formatted.path });
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function originalError(error: unknown): unknown {
  if (error && typeof error === "object" && "originalError" in error && error.originalError) {
    return error.originalError;
  }
  return error;
}

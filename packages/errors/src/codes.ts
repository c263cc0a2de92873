/** The only `extensions.code` values a client of the supergraph ever sees (schema/contract.graphql). */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  OUT_OF_STOCK: "OUT_OF_STOCK",
  CONFLICT: "CONFLICT",
  /** Too many attempts (logins, sign-ups): `extensions.retryAfter` says in how many seconds to try again; HTTP 429. */
  RATE_LIMITED: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  // The gateway's operation limits, named as Apollo Router names them; `extensions.limit` says the limit.
  MAX_DEPTH_LIMIT: "MAX_DEPTH_LIMIT",
  MAX_ALIASES_LIMIT: "MAX_ALIASES_LIMIT",
  MAX_ROOT_FIELDS_LIMIT: "MAX_ROOT_FIELDS_LIMIT",
  MAX_TOKENS_LIMIT: "MAX_TOKENS_LIMIT",
  MAX_DIRECTIVES_LIMIT: "MAX_DIRECTIVES_LIMIT",
  COST_ESTIMATED_TOO_EXPENSIVE: "COST_ESTIMATED_TOO_EXPENSIVE",
  /** A result over the gateway's response size cap (`extensions.limit`, bytes), not sent; HTTP 400. */
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const CONTRACT_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

export function isContractErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && CONTRACT_ERROR_CODES.has(code);
}

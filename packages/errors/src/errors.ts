import { GraphQLError } from "graphql";
import { ErrorCode } from "./codes.ts";

type Details = Record<string, unknown>;

/**
 * Base of every error the domain throws on purpose. Its message and `details` are
 * meant for the client; anything else thrown is treated as a bug and masked.
 */
export class ShopError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Details = {}) {
    super(message, { extensions: { ...details, code } });
    this.name = new.target.name;
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class UnauthenticatedError extends ShopError {
  constructor(message = "You must be signed in.", details?: Details) {
    super(ErrorCode.UNAUTHENTICATED, message, details);
  }
}

export class ForbiddenError extends ShopError {
  constructor(message = "You are not allowed to do this.", details?: Details) {
    super(ErrorCode.FORBIDDEN, message, details);
  }
}

export class BadUserInputError extends ShopError {
  constructor(message: string, details?: Details) {
    super(ErrorCode.BAD_USER_INPUT, message, details);
  }
}

export class NotFoundError extends ShopError {
  constructor(message: string, details?: Details) {
    super(ErrorCode.NOT_FOUND, message, details);
  }
}

export class OutOfStockError extends ShopError {
  constructor(message: string, details?: Details) {
    super(ErrorCode.OUT_OF_STOCK, message, details);
  }
}

export class ConflictError extends ShopError {
  constructor(message: string, details?: Details) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

/** The gateway answers it with HTTP 429 and `Retry-After: <retryAfter>`. */
export class RateLimitedError extends ShopError {
  constructor(retryAfterSeconds: number, message = "Too many attempts; try again later.") {
    super(ErrorCode.RATE_LIMITED, message, { retryAfter: retryAfterSeconds });
  }
}

/** `cause` is for the logs: what failed inside stays inside. */
export class ServiceUnavailableError extends ShopError {
  constructor(message = "A service this request needs is unavailable; try again shortly.", options: { cause?: unknown } = {}) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message);
    this.cause = options.cause;
  }
}

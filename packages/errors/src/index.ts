export { ErrorCode, isContractErrorCode } from "./codes.ts";
export {
  ShopError,
  UnauthenticatedError,
  ForbiddenError,
  BadUserInputError,
  NotFoundError,
  OutOfStockError,
  ConflictError,
  RateLimitedError,
  ServiceUnavailableError,
} from "./errors.ts";
export { maskUnexpectedErrors, parserTokenLimitOf, type ErrorLogger } from "./mask.ts";

// What a person is told when the API refuses: by the error's extensions.code, the contract's
// list (schema/contract.graphql), with the API's own message where it says what to fix.
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

export function codesOf(error: unknown): string[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((entry) => String(entry.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
  return [];
}

export function messageFor(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = first?.extensions?.code;
    switch (code) {
      case "OUT_OF_STOCK":
        return `Not enough stock: ${first!.message} Lower the quantity or remove the product from your cart.`;
      case "BAD_USER_INPUT":
        return `Please check what you entered: ${first!.message}`;
      case "SERVICE_UNAVAILABLE":
        return "The shop cannot take this right now (a service is unavailable). Nothing was changed; please try again in a moment.";
      case "UNAUTHENTICATED":
        return "Please sign in again.";
      case "FORBIDDEN":
        return "You are not allowed to do that.";
      case "NOT_FOUND":
        return `Not found: ${first!.message}`;
      case "CONFLICT":
        return first!.message;
      case "RATE_LIMITED":
        return "Too many attempts; please wait a little and try again.";
      default:
        return first?.message ?? "Something went wrong.";
    }
  }
  if (ServerError.is(error) && error.statusCode >= 500) {
    return "The shop cannot take this right now (a service is unavailable). Please try again in a moment.";
  }
  return "The shop could not be reached. Check your connection and try again.";
}

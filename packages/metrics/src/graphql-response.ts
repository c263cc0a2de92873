import type { GraphQLResponse } from "@apollo/server";

// Formatted errors carry contract codes only (maskUnexpectedErrors), but a label must stay
// bounded even if something else slipped through.
const CODE = /^[A-Z][A-Z_]{0,39}$/;

/** An error's `extensions.code` as a label value. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === "string" && CODE.test(code) ? code : "INTERNAL_SERVER_ERROR";
}

/** The `extensions.code` of each error a response carries, as the client sees them. */
export function errorCodesOf(response: GraphQLResponse): string[] {
  if (response.body.kind !== "single") return [];
  return (response.body.singleResult.errors ?? []).map((error) => errorCodeLabel(error.extensions?.code));
}

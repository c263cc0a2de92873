import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { maskUnexpectedErrors, NotFoundError, ServiceUnavailableError, type ErrorLogger } from "./index.ts";

function masker() {
  const logged: Parameters<ErrorLogger>[0][] = [];
  return { logged, mask: maskUnexpectedErrors((entry) => logged.push(entry)) };
}

describe("maskUnexpectedErrors", () => {
  it("passes domain errors through with their details but no stack trace or subgraph name", () => {
    const { logged, mask } = masker();
    const error = new NotFoundError("There is no order 1.", { orderId: "1" });
    const formatted = mask({ message: error.message, extensions: { ...error.extensions, stacktrace: ["at x"], serviceName: "orders" } }, error);
    expect(formatted).toEqual({ message: "There is no order 1.", extensions: { code: "NOT_FOUND", orderId: "1" } });
    expect(logged).toEqual([]);
  });

  it("hides and logs anything unexpected", () => {
    const { logged, mask } = masker();
    const bug = new TypeError("cannot read x of undefined");
    const formatted = mask({ message: bug.message, path: ["order"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, new GraphQLError(bug.message, { originalError: bug }));
    expect(formatted).toEqual({ message: "Internal server error", path: ["order"], locations: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(logged).toEqual([{ level: "error", err: bug, message: bug.message, path: ["order"] }]);
    expect(mask({ message: "x", extensions: { code: "SOMETHING_ELSE" } }, bug).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });

  it("answers an unexpected error the service recognises as an outage SERVICE_UNAVAILABLE, logged as a warning", () => {
    const logged: Parameters<ErrorLogger>[0][] = [];
    const outage = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" });
    const mask = maskUnexpectedErrors((entry) => logged.push(entry), (error) => (error as { code?: string }).code === "P2028");
    const formatted = mask({ message: outage.message, path: ["placeOrder"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, new GraphQLError(outage.message, { originalError: outage }));
    expect(formatted).toEqual({ message: new ServiceUnavailableError().message, path: ["placeOrder"], locations: undefined, extensions: { code: "SERVICE_UNAVAILABLE" } });
    expect(logged).toEqual([{ level: "warn", err: outage, message: outage.message, path: ["placeOrder"] }]);
    const bug = new TypeError("cannot read x of undefined");
    expect(mask({ message: bug.message, extensions: { code: "INTERNAL_SERVER_ERROR" } }, new GraphQLError(bug.message, { originalError: bug })).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });

  it("turns request errors into BAD_USER_INPUT and keeps the persisted-query protocol codes", () => {
    const { mask } = masker();
    expect(mask({ message: "Cannot query field", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }, null).extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect(mask({ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND", x: 1 } }, null).extensions).toEqual({
      code: "PERSISTED_QUERY_NOT_FOUND",
    });
  });

  it("reports the parser's token bound as MAX_TOKENS_LIMIT with the limit", () => {
    const { mask } = masker();
    const formatted = mask({ message: "Syntax Error: Document contains more that 20000 tokens. Parsing aborted.", extensions: { code: "GRAPHQL_PARSE_FAILED" } }, null);
    expect(formatted).toEqual({ message: "Operation refused: its token count is over the limit of 20000.", extensions: { code: "MAX_TOKENS_LIMIT", limit: 20000 } });
    expect(mask({ message: "Syntax Error: Unexpected Name \"x\".", extensions: { code: "GRAPHQL_PARSE_FAILED" } }, null).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  it("logs an unavailable dependency with its cause but tells the client only to retry", () => {
    const { logged, mask } = masker();
    const cause = new Error("connect ECONNREFUSED 127.0.0.1:4002");
    const error = new ServiceUnavailableError(undefined, { cause });
    const formatted = mask({ message: error.message, extensions: error.extensions }, error);
    expect(formatted.extensions).toEqual({ code: "SERVICE_UNAVAILABLE" });
    expect(JSON.stringify(formatted)).not.toContain("ECONNREFUSED");
    expect(logged[0]).toMatchObject({ level: "warn", err: error });
    expect((logged[0]!.err as Error).cause).toBe(cause);
  });
});

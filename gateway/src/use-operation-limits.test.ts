import { ApolloServer } from "@apollo/server";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import type { LimitName, OperationLimits } from "./operation-limits.ts";
import { useOperationLimits, type OperationLimitsOptions } from "./use-operation-limits.ts";

const limits: OperationLimits = { depth: 3, aliases: 1, rootFields: 2, tokens: 50, directives: 1, cost: 100 };

function serverIn(mode: OperationLimitsOptions["mode"]) {
  const counted: [LimitName, string][] = [];
  const logged: Record<string, unknown>[] = [];
  const logger = createLogger({ service: "gateway", destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
  const server = new ApolloServer({
    typeDefs: "type Query { me: User } type User { id: ID, friend: User }",
    resolvers: { Query: { me: () => ({ id: "1", friend: { id: "2", friend: { id: "3" } } }) } },
    plugins: [useOperationLimits({ limits, defaultListSize: 10, mode, logger, onExceeded: (limit, action) => void counted.push([limit, action]) })],
  });
  return { server, counted, logged };
}

const enforcing = serverIn("enforce");
const logging = serverIn("log");
afterAll(() => Promise.all([enforcing.server.stop(), logging.server.stop()]));

async function run(server: ApolloServer, query: string) {
  const response = await server.executeOperation({ query });
  if (response.body.kind !== "single") throw new Error("expected a single result");
  return { status: response.http.status, result: response.body.singleResult };
}

const TOO_DEEP = "{ me { friend { friend { id } } } }";

describe("useOperationLimits", () => {
  it("enforcing, refuses with the limit's code and the limit, HTTP 400, and counts it", async () => {
    expect((await run(enforcing.server, "{ me { friend { id } } }")).result).toEqual({ data: { me: { friend: { id: "2" } } } });
    const { status, result } = await run(enforcing.server, TOO_DEEP);
    expect(status).toBe(400);
    expect(result).toEqual({ errors: [{ message: "Operation refused: its depth is over the limit of 3.", extensions: { code: "MAX_DEPTH_LIMIT", limit: 3 } }] });
    expect(enforcing.counted).toEqual([["depth", "refused"]]);
  });

  it("in log mode, runs the operation, and logs and counts every limit it is over", async () => {
    const { result } = await run(logging.server, "{ me { a: id b: id friend { friend { id } } } }");
    expect(result.data).toEqual({ me: { a: "1", b: "1", friend: { friend: { id: "3" } } } });
    expect(logging.counted).toEqual([["depth", "logged"], ["aliases", "logged"]]);
    expect(logging.logged).toContainEqual(expect.objectContaining({ msg: "operation over a limit", limits: ["depth", "aliases"], action: "logged" }));
  });
});

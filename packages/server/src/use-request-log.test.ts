import { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createLogger } from "@shop/logger";
import { useRequestLog } from "./use-request-log.ts";

describe("useRequestLog", () => {
  it("writes one line per request with its operation, outcome and codes, never its variables", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: "users", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const server = new ApolloServer({
      typeDefs: "type Query { ok(password: String): Boolean, boom: Boolean }",
      resolvers: { Query: { ok: () => true, boom: () => { throw new GraphQLError("down", { extensions: { code: "SERVICE_UNAVAILABLE" } }); } } },
      plugins: [useRequestLog({ logger })],
    });
    await server.start();
    await server.executeOperation({ query: "query Ok($p: String) { ok(password: $p) }", variables: { p: "hunter2-secret" } });
    await server.executeOperation({ query: "query Boom { boom }" });
    await server.stop();

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: "graphql request", level: 30, operationName: "Ok", operationType: "query", status: 200, outcome: "ok" });
    expect(lines[0]!.durationMs).toEqual(expect.any(Number));
    expect(lines[1]).toMatchObject({ level: 40, operationName: "Boom", outcome: "error", errorCodes: ["SERVICE_UNAVAILABLE"] });
    expect(JSON.stringify(lines)).not.toContain("hunter2-secret");
  });
});

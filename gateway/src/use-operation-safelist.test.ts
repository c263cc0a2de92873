import { ApolloServer } from "@apollo/server";
import { buildPersistedQueryManifest, persistedQueryId } from "@shop/schema-registry/persisted-queries";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNREGISTERED_OPERATION, useOperationSafelist } from "./use-operation-safelist.ts";

const GREETING = "query Greeting {\n  hello\n}";
const manifest = buildPersistedQueryManifest([{ name: "Greeting", type: "query", body: GREETING }]);

const server = new ApolloServer({
  typeDefs: "type Query { hello: String, secret: String }",
  resolvers: { Query: { hello: () => "hi", secret: () => "s3cr3t" } },
  plugins: [useOperationSafelist({ manifest })],
});
beforeAll(() => server.start());
afterAll(() => server.stop());

async function run(request: { query?: string; extensions?: Record<string, unknown> }) {
  const response = await server.executeOperation(request as { query: string });
  if (response.body.kind !== "single") throw new Error("expected a single result");
  return response.body.singleResult;
}

describe("useOperationSafelist", () => {
  it("runs a registered operation sent by id alone or as its exact text", async () => {
    const byId = await run({ extensions: { persistedQuery: { version: 1, sha256Hash: persistedQueryId(GREETING) } } });
    expect(byId).toEqual({ data: { hello: "hi" } });
    expect(await run({ query: GREETING })).toEqual({ data: { hello: "hi" } });
  });

  it("refuses any other text, even a valid one that differs only in spacing", async () => {
    for (const query of ["{ secret }", "query Greeting { hello }"]) {
      const result = await run({ query });
      expect(result.data).toBeUndefined();
      expect(result.errors).toEqual([expect.objectContaining({ message: UNREGISTERED_OPERATION, extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
    }
  });

  it("registers nothing in Apollo's persisted query cache: a refused text sent with its id stays unknown", async () => {
    const sha256Hash = persistedQueryId("{ secret }");
    await run({ query: "{ secret }", extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const byId = await run({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(byId.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(await server.cache.get(`apq:${sha256Hash}`)).toBeUndefined();
  });

  it("leaves an unknown id to Apollo Server's persisted query protocol", async () => {
    const result = await run({ extensions: { persistedQuery: { version: 1, sha256Hash: persistedQueryId("{ secret }") } } });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });
});

import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBSCRIPTION_TRANSPORTS, useSubscriptionTransports } from "./use-subscription-transports.ts";

const server = new ApolloServer({
  typeDefs: "type Query { hello: String } type Subscription { ticks: Int }",
  resolvers: { Query: { hello: () => "hi" } },
  plugins: [useSubscriptionTransports()],
});
beforeAll(() => server.start());
afterAll(() => server.stop());

describe("useSubscriptionTransports", () => {
  it("answers a subscription sent as a plain request with HTTP 400 and where to send it", async () => {
    const response = await server.executeOperation({ query: "subscription { ticks }" });
    expect(response.http.status).toBe(400);
    if (response.body.kind !== "single") throw new Error("expected a single result");
    expect(response.body.singleResult.errors).toEqual([expect.objectContaining({ message: SUBSCRIPTION_TRANSPORTS, extensions: { code: "BAD_USER_INPUT" } })]);
  });

  it("lets queries through", async () => {
    const response = await server.executeOperation({ query: "{ hello }" });
    expect(response.body.kind === "single" && response.body.singleResult.data).toEqual({ hello: "hi" });
  });
});

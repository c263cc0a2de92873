import { ApolloServer } from "@apollo/server";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { boundedOperationName } from "./operation-names.ts";
import { createServiceRegistry } from "./registry.ts";
import { useGraphQLMetrics } from "./use-graphql-metrics.ts";

async function serve() {
  const registry = createServiceRegistry("users");
  const server = new ApolloServer({
    typeDefs: "type Query { ok: Boolean, fail: Boolean }",
    resolvers: { Query: { ok: () => true, fail: () => { throw new GraphQLError("no", { extensions: { code: "FORBIDDEN" } }); } } },
    plugins: [useGraphQLMetrics({ registry, operationLabel: boundedOperationName(new Set(["Ok", "Fail"])) })],
  });
  await server.start();
  return { registry, server };
}

type Value = { labels: Record<string, string | number>; value: number; metricName?: string };
const valuesOf = async (registry: Awaited<ReturnType<typeof serve>>["registry"], name: string): Promise<Record<string, string | number | undefined>[]> =>
  ((await registry.getSingleMetric(name)!.get()).values as Value[]).map(({ labels, value, metricName }) => ({ ...labels, value, metricName }));

describe("useGraphQLMetrics", () => {
  it("counts requests, times them and counts errors by code, per bounded operation name and type", async () => {
    const { registry, server } = await serve();
    await server.executeOperation({ query: "query Ok { ok }" });
    await server.executeOperation({ query: "query Ok { ok }" });
    await server.executeOperation({ query: "query Fail { fail }" });
    await server.executeOperation({ query: "query Invented { ok }" });
    await server.executeOperation({ query: "{ ok }" });
    await server.executeOperation({ query: "query Broken {", operationName: "Broken" });

    expect(await valuesOf(registry, "graphql_requests_total")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation_name: "Ok", operation_type: "query", value: 2 }),
        expect.objectContaining({ operation_name: "Fail", operation_type: "query", value: 1 }),
        expect.objectContaining({ operation_name: "unknown", operation_type: "query", value: 1 }),
        expect.objectContaining({ operation_name: "anonymous", operation_type: "query", value: 1 }),
        expect.objectContaining({ operation_name: "unknown", operation_type: "unknown", value: 1 }),
      ]),
    );
    const errors = await valuesOf(registry, "graphql_request_errors_total");
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation_name: "Fail", code: "FORBIDDEN", value: 1 }),
        expect.objectContaining({ operation_name: "unknown", operation_type: "unknown", code: "GRAPHQL_PARSE_FAILED", value: 1 }),
      ]),
    );
    expect(errors).toHaveLength(2);
    const counts = (await valuesOf(registry, "graphql_request_duration_seconds")).filter((value) => String(value.metricName).endsWith("_count"));
    expect(counts.find((value) => value.operation_name === "Ok")).toMatchObject({ value: 2 });
    // The service label comes from the registry's defaults, on every series it exposes.
    expect(await registry.metrics()).toMatch(/graphql_requests_total\{operation_name="Ok",operation_type="query",service="users"\} 2/);
    await server.stop();
  });
});

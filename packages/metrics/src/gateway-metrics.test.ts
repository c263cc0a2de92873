import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createGatewayMetrics } from "./gateway-metrics.ts";

describe("gateway metrics", () => {
  it("times subgraph fetches and counts their error codes per subgraph", async () => {
    const registry = new Registry();
    const metrics = createGatewayMetrics(registry);
    metrics.subgraphFetch("orders")([]);
    metrics.subgraphFetch("orders")(["FORBIDDEN", "NOT_FOUND"]);
    metrics.subgraphFetch("products")(["SERVICE_UNAVAILABLE"]);
    const text = await registry.metrics();
    expect(text).toContain('gateway_subgraph_request_duration_seconds_count{subgraph="orders"} 2');
    expect(text).toContain('gateway_subgraph_request_errors_total{subgraph="orders",code="FORBIDDEN"} 1');
    expect(text).toContain('gateway_subgraph_request_errors_total{subgraph="products",code="SERVICE_UNAVAILABLE"} 1');
  });

  it("counts each subscription and connection out once, however often its release is called", async () => {
    const registry = new Registry();
    const metrics = createGatewayMetrics(registry);
    const first = metrics.subscriptionOpened("orderStatusChanged");
    metrics.subscriptionOpened("orderStatusChanged");
    const socket = metrics.webSocketOpened();
    first();
    first();
    socket();
    socket();
    const text = await registry.metrics();
    expect(text).toContain('graphql_subscriptions_active{field="orderStatusChanged"} 1');
    expect(text).toContain("websocket_connections_active 0");
  });
});

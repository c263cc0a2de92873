import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createEventMetrics, registerOutboxBacklog } from "./event-metrics.ts";

describe("event metrics", () => {
  it("counts published events by type, consumed ones by group, type and outcome, and the lag of handled ones", async () => {
    const registry = new Registry();
    const events = createEventMetrics(registry);
    events.published([{ type: "order.placed" }, { type: "order.placed" }, { type: "order.status_changed" }]);
    const consumed = events.consumedBy("notifications");
    const occurredAt = new Date(Date.now() - 2_000).toISOString();
    consumed({ type: "order.placed", occurredAt }, "error");
    consumed({ type: "order.placed", occurredAt }, "ok");

    const text = await registry.metrics();
    expect(text).toContain('events_published_total{event_type="order.placed"} 2');
    expect(text).toContain('events_published_total{event_type="order.status_changed"} 1');
    expect(text).toContain('events_consumed_total{group="notifications",event_type="order.placed",outcome="error"} 1');
    expect(text).toContain('events_consumed_total{group="notifications",event_type="order.placed",outcome="ok"} 1');
    // Only the handled attempt has a lag, of about two seconds.
    expect(text).toContain('events_consume_lag_seconds_count{group="notifications"} 1');
    expect(text).toContain('events_consume_lag_seconds_bucket{le="1",group="notifications"} 0');
    expect(text).toContain('events_consume_lag_seconds_bucket{le="2.5",group="notifications"} 1');
  });

  it("counts the outbox backlog when scraped", async () => {
    const registry = new Registry();
    let pending = 3;
    registerOutboxBacklog(registry, async () => pending);
    expect(await registry.metrics()).toContain("outbox_pending_events 3");
    pending = 0;
    expect(await registry.metrics()).toContain("outbox_pending_events 0");
  });
});

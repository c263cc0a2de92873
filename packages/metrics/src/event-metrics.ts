import { Counter, Gauge, Histogram, type Registry } from "prom-client";

interface EventLike {
  type: string;
  occurredAt: string;
}

/** events_published_total, events_consumed_total and events_consume_lag_seconds of one service. */
export function createEventMetrics(registry: Registry) {
  const published = new Counter({
    name: "events_published_total",
    help: "Events published to the event bus (the orders outbox relay).",
    labelNames: ["event_type"],
    registers: [registry],
  });
  const consumed = new Counter({
    name: "events_consumed_total",
    help: "Events handled by a consumer group; outcome error means it will be retried.",
    labelNames: ["group", "event_type", "outcome"],
    registers: [registry],
  });
  const lag = new Histogram({
    name: "events_consume_lag_seconds",
    help: "Time from an event's occurrence to its handling by a consumer group.",
    labelNames: ["group"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  return {
    published(events: readonly { type: string }[]) {
      for (const event of events) published.inc({ event_type: event.type });
    },
    /** For one consumer group: call with each event once it was handled (or failed). */
    consumedBy(group: string) {
      return (event: EventLike, outcome: "ok" | "error") => {
        consumed.inc({ group, event_type: event.type, outcome });
        const occurred = Date.parse(event.occurredAt);
        if (outcome === "ok" && Number.isFinite(occurred)) lag.observe({ group }, Math.max(0, (Date.now() - occurred) / 1000));
      };
    },
  };
}

export type EventMetrics = ReturnType<typeof createEventMetrics>;

/** `outbox_pending_events`: counted when scraped, so it is never stale and costs nothing in between. */
export function registerOutboxBacklog(registry: Registry, countPending: () => Promise<number>): void {
  new Gauge({
    name: "outbox_pending_events",
    help: "Outbox rows not yet published to the event bus.",
    registers: [registry],
    async collect() {
      this.set(await countPending());
    },
  });
}

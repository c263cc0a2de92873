import { randomUUID } from "node:crypto";

/**
 * What travels through Redis. `id` is unique per event, so consumers can recognise a
 * replay; `traceparent`/`tracestate` carry the W3C trace context of the change that
 * caused the event, so a consumer's work can join that trace.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  aggregateId: string;
  occurredAt: string;
  schemaVersion: number;
  traceparent?: string;
  tracestate?: string;
  /** The event's position in its service's outbox (see event-position.ts): an order subscriber resumes by it. */
  position?: string;
  data: T;
}

export function createEnvelope<T>(fields: Omit<EventEnvelope<T>, "id" | "occurredAt"> & Partial<Pick<EventEnvelope<T>, "id" | "occurredAt">>): EventEnvelope<T> {
  return { id: randomUUID(), occurredAt: new Date().toISOString(), ...fields };
}

export function serializeEnvelope(envelope: EventEnvelope): string {
  return JSON.stringify(envelope);
}

/** Null for anything that is not an envelope, so one bad message cannot stop a consumer. */
export function parseEnvelope(text: string): EventEnvelope | null {
  try {
    const value = JSON.parse(text) as Partial<EventEnvelope>;
    const valid =
      typeof value.id === "string" &&
      typeof value.type === "string" &&
      typeof value.aggregateId === "string" &&
      typeof value.occurredAt === "string" &&
      typeof value.schemaVersion === "number" &&
      "data" in value;
    return valid ? (value as EventEnvelope) : null;
  } catch {
    return null;
  }
}

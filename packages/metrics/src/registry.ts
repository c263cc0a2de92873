import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * A Registry of one service, never prom-client's global one: tests and the single-process
 * mode run several services in one process, and each must expose only its own series.
 * Every series carries `service`; process_* and nodejs_* come with it.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

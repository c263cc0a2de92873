import { readFileSync } from "node:fs";

export const UNKNOWN_OPERATION = "unknown";
export const ANONYMOUS_OPERATION = "anonymous";

// The gateway names each subgraph fetch `<ClientOperation>__<subgraph>__<n>`.
const GATEWAY_FETCH_NAME = /^(.+)__[\w-]+__\d+$/;

/** The operation names a metric label may take: those registered in the persisted query manifest. */
export function loadRegisteredOperationNames(manifestPath: string): Set<string> {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { operations?: { name?: unknown }[] };
  return new Set((manifest.operations ?? []).map((operation) => operation.name).filter((name): name is string => typeof name === "string"));
}

/**
 * Maps a request's operation name to a bounded label value, so a client cannot create a
 * series per made-up name: a registered name (or a gateway fetch of one) as it is, no name
 * as `anonymous`, anything else as `unknown`.
 */
export function boundedOperationName(registered: ReadonlySet<string>) {
  return (name: string | null | undefined): string => {
    if (!name) return ANONYMOUS_OPERATION;
    if (registered.has(name)) return name;
    const client = GATEWAY_FETCH_NAME.exec(name)?.[1];
    return client && registered.has(client) ? client : UNKNOWN_OPERATION;
  };
}

import { Kind, type DocumentNode } from "graphql";

/** Network errors that mean the replica went away before it answered: nothing ran there. */
const REFUSED_OR_RESET = new Set(["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET", "EPIPE"]);

/** Time a retry needs at least, so a retry never starts that cannot finish before the deadline. */
const MIN_RETRY_MS = 50;

/** Whether a subgraph operation only reads: what may be retried, and shared with identical ones in flight. */
export function isQuery(document: DocumentNode | undefined): boolean {
  if (!document) return false;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length > 0 && operations.every((operation) => operation.operation === "query");
}

function failedBeforeRunning(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error || (typeof cause === "object" && cause !== null); ) {
    const { code, extensions } = cause as { code?: unknown; extensions?: { response?: { status?: unknown } } };
    if (typeof code === "string" && REFUSED_OR_RESET.has(code)) return true;
    // A draining replica answers 503; behind a load balancer, a replica that died mid-request
    // (SIGKILL, crash) is a 502. For a query, trying another replica is safe either way.
    if (extensions?.response?.status === 503 || extensions?.response?.status === 502) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether a subgraph call that failed with `error` is tried once more: only a query (a mutation
 * may have run), only when the replica refused, reset, was draining or died behind the load
 * balancer (502), and only with time left
 * before the request's deadline.
 */
export function shouldRetryQuery(error: unknown, document: DocumentNode | undefined, deadline: number | undefined, now = Date.now()): boolean {
  if (!isQuery(document) || !failedBeforeRunning(error)) return false;
  return deadline === undefined || deadline - now >= MIN_RETRY_MS;
}

// Kept apart from the SDK so that importing shutdownTracing (every service does, for its
// graceful shutdown) does not load OpenTelemetry's SDK into processes that trace nothing.

let running: { shutdown(): Promise<void> } | undefined;

export function setRunningTracing(sdk: { shutdown(): Promise<void> }): void {
  running = sdk;
}

export function isTracingRunning(): boolean {
  return running !== undefined;
}

/** Sends the spans still buffered and stops the SDK; resolves at once when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}

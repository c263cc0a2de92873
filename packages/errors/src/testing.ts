/**
 * For tests: the `extensions` (code and details) of the error `fn` throws, or of the
 * rejection of the promise it returns; an empty object when nothing was thrown.
 */
export async function extensionsOf(fn: () => unknown): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return (error as { extensions?: Record<string, unknown> }).extensions ?? {};
  }
  return {};
}

/**
 * Work that many callers start at once for the same answer, done once: the first caller of a
 * key runs it, callers of that key meanwhile get the same promise (answer or failure), and
 * the key is forgotten when it settles, so a later caller runs it again. What makes two
 * callers' work the same is the key's business: see where the keys are made.
 */
export function shareInFlight<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, run) => {
    const running = inFlight.get(key);
    if (running) return running;
    const result = run().finally(() => inFlight.delete(key));
    inFlight.set(key, result);
    return result;
  };
}

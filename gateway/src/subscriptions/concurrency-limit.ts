/**
 * Runs at most `max` tasks at once; the others wait in a queue, first come first served.
 * A task that fails frees its place like one that succeeds.
 */
export function limitConcurrency(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A freed place is handed straight to the next in the queue, so `running` never exceeds max.
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

// Hand-written iterators, not async generators: a generator's return() waits until its
// pending await settles, so an unsubscribe would hold the channel until the next event.
// These pass return() straight to their source, which ends at once.

const DONE = { done: true, value: undefined } as const;
// setTimeout's longest delay; a token lasting longer is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Maps each item with an async function, one at a time and in order; a null result is skipped. */
export function mapEach<T, R>(source: AsyncIterator<T>, map: (item: T) => Promise<R | null>): AsyncIterableIterator<R> {
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done) return DONE;
        const mapped = await map(item.value);
        if (mapped !== null) return { done: false, value: mapped };
      }
    },
    async return() {
      await source.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Ends the source at `at`, delivering `last()` as its final item (e.g. an UNAUTHENTICATED error).
 * The timer interrupts the one pending next() rather than racing every next() against a
 * long-lived promise, which would keep a reaction per event until the token expires.
 */
export function endAt<T>(source: AsyncIterator<T>, at: Date, last: () => T): AsyncIterableIterator<T> {
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  let reached = false;
  let interrupt: (() => void) | null = null;
  (function arm() {
    const ms = at.getTime() - Date.now();
    timer = setTimeout(
      ms > MAX_TIMER_MS
        ? arm
        : () => {
            reached = true;
            interrupt?.();
          },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
  })();
  const end = async () => {
    ended = true;
    clearTimeout(timer);
    await source.return?.();
  };
  return {
    async next() {
      if (ended) return DONE;
      const item = reached
        ? "reached"
        : await new Promise<IteratorResult<T> | "reached">((resolve, reject) => {
            interrupt = () => resolve("reached");
            source.next().then(resolve, reject);
          });
      interrupt = null;
      if (item === "reached") {
        await end();
        return { done: false, value: last() };
      }
      if (item.done) await end();
      return item;
    },
    async return() {
      await end();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

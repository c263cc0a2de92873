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

/** Ends the source at `at`, delivering `last()` as its final item (e.g. an UNAUTHENTICATED error). */
export function endAt<T>(source: AsyncIterator<T>, at: Date, last: () => T): AsyncIterableIterator<T> {
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const reached = new Promise<"reached">(function wait(resolve) {
    const ms = at.getTime() - Date.now();
    timer = setTimeout(ms > MAX_TIMER_MS ? () => wait(resolve) : () => resolve("reached"), Math.max(0, Math.min(ms, MAX_TIMER_MS)));
  });
  const end = async () => {
    ended = true;
    clearTimeout(timer);
    await source.return?.();
  };
  return {
    async next() {
      if (ended) return DONE;
      const item = await Promise.race([source.next(), reached]);
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

/** Passes the source through and calls `ended` once when it is done or returned. */
export function onEnd<T>(source: AsyncIterator<T>, ended: () => void): AsyncIterableIterator<T> {
  return {
    async next() {
      const item = await source.next();
      if (item.done) ended();
      return item;
    },
    async return() {
      ended();
      await source.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

// Hand-written iterators, not async generators: a generator's return() waits until its
// pending await settles, so an unsubscribe would hold the channel until the next event.
// These pass return() straight to their source, which ends at once.

const DONE = { done: true, value: undefined } as const;
// setTimeout's longest delay; a token lasting longer is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Maps each item, one at a time and in order (awaiting only a map that returns a promise); a null result is skipped. */
export function mapEach<T, R>(source: AsyncIterator<T>, map: (item: T) => R | null | Promise<R | null>): AsyncIterableIterator<R> {
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done) return DONE;
        let mapped = map(item.value);
        if (mapped instanceof Promise) mapped = await mapped;
        if (mapped !== null) return { done: false, value: mapped as R };
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
 * The timer ends the source, which settles a pending next() at once; nothing is allocated per
 * item (racing every next() against the timer would keep a reaction per event until it fires).
 */
export function endAt<T>(source: AsyncIterator<T>, at: Date, last: () => T): AsyncIterableIterator<T> {
  let timer: NodeJS.Timeout | undefined;
  let reached = false;
  let ended = false;
  (function arm() {
    const ms = at.getTime() - Date.now();
    timer = setTimeout(
      ms > MAX_TIMER_MS
        ? arm
        : () => {
            reached = true;
            void source.return?.();
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
      const item = reached ? DONE : await source.next();
      // An item that arrives together with the expiry is not delivered: the token is no longer good.
      if (reached) {
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

/** `first`, in order, then whatever the source yields; return() reaches the source at once. */
export function prepend<T>(first: readonly T[], source: AsyncIterator<T>): AsyncIterableIterator<T> {
  let next = 0;
  return {
    next: () => (next < first.length ? Promise.resolve({ done: false, value: first[next++]! }) : source.next()),
    async return() {
      next = first.length;
      await source.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

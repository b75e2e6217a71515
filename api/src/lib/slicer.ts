// Long synchronous work (validating a thousand records, scoring six thousand markets) holds
// every HTTP request the process is serving for as long as it runs: bench:load measured the
// monitor cycle as the source of the API's worst latencies. A slicer gives the event loop a turn
// whenever the current stretch has run for `budgetMs`.

/** Call `due()` per item (cheap); when it says so, `await pause()` to let timers and I/O run. */
export function createSlicer(budgetMs = 8) {
  let since = performance.now();
  return {
    /** Whether this synchronous stretch has used its budget. */
    due: () => performance.now() - since >= budgetMs,
    /** Lets timers and I/O run, then starts a new stretch. */
    pause: () =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          since = performance.now();
          resolve();
        }),
      ),
  };
}

/** `items.map(fn)` in slices: the event loop gets a turn every `budgetMs`. */
export async function mapSliced<T, U>(items: readonly T[], fn: (item: T) => U, budgetMs = 8): Promise<U[]> {
  const slicer = createSlicer(budgetMs);
  const out: U[] = [];
  for (const item of items) {
    if (slicer.due()) await slicer.pause();
    out.push(fn(item));
  }
  return out;
}

// A short-lived cache for the hot shared reads: the dashboard list, the alert list and the
// monitor summary. Every open dashboard asks the same few questions, and their answers change
// only when a cycle scores or the user dismisses or watches a market; counting 30,000 matching
// markets on each request was what kept the dashboard's p99 far above 100 ms under load
// (bench:load). The rules that keep it honest:
// - concurrent identical reads share one query (single flight), and a failed read is never kept;
// - an answer is fresh for `ttlMs`; for one more `ttlMs` it is still served while a single
//   background read replaces it (so no request waits on an expiry), then it is gone: nothing is
//   ever more than two TTLs old, even if the database is down (other instances' jobs change data
//   this process never hears of);
// - `clear()` drops everything at once; this process calls it when a user changes what is shown
//   (watch, dismiss), so nobody waits out the TTL to see their own change;
// - `expire()` makes every recent answer stale at once and starts the one read that replaces
//   each; requests meanwhile still get the previous answer. This process's jobs call it (through
//   `coalesced`, at most once a second) when they score or alert: clearing instead sent every
//   dashboard request of those seconds to wait on a database busy with the cycle's writes
//   (bench:load: dashboard p99 ~270 ms, worst 1.15 s, during a cycle). The reads start at once,
//   so a dashboard that refetches on the live feed's event gets the new answer.
export interface ReadCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  clear(): void;
  expire(): void;
}

interface Entry {
  value?: unknown;
  hasValue: boolean;
  freshUntil: number;
  loading?: Promise<unknown>;
  /** How this answer was read: expire() reads it again with it. */
  load?: () => Promise<unknown>;
}

export function createReadCache(options: { ttlMs: number; maxEntries?: number; now?: () => number }): ReadCache {
  const { ttlMs, maxEntries = 500, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  // A read that started before a clear() must not store its (possibly outdated) answer.
  let generation = 0;

  function refresh(key: string, entry: Entry, load: () => Promise<unknown>): Promise<unknown> {
    if (entry.loading) return entry.loading;
    const startedIn = generation;
    entry.load = load;
    entry.loading = load().then(
      (value) => {
        entry.loading = undefined;
        if (entries.get(key) !== entry) return value;
        if (startedIn === generation) {
          entry.value = value;
          entry.hasValue = true;
          entry.freshUntil = now() + ttlMs;
        } else if (entry.hasValue) {
          // Begun before an expire(): outdated; the read expire() could not start begins now.
          refresh(key, entry, load).catch(() => {});
        }
        return value;
      },
      (error: unknown) => {
        entry.loading = undefined;
        if (!entry.hasValue && entries.get(key) === entry) entries.delete(key);
        throw error;
      },
    );
    return entry.loading;
  }

  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return load();
      const at = now();
      const hit = entries.get(key);
      if (hit?.hasValue && at < hit.freshUntil) return Promise.resolve(hit.value as T);
      if (hit?.hasValue && at < hit.freshUntil + ttlMs) {
        // Stale but recent: answer now, refresh once in the background (a failure waits for the
        // next request; after the second TTL that request reads the database and sees the error).
        refresh(key, hit, load).catch(() => {});
        return Promise.resolve(hit.value as T);
      }
      if (hit?.loading) return hit.loading as Promise<T>;
      const entry: Entry = { hasValue: false, freshUntil: 0 };
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return refresh(key, entry, load) as Promise<T>;
    },
    clear() {
      generation++;
      entries.clear();
    },
    expire() {
      // Reads begun before now may have missed the change: their answers are not stored.
      generation++;
      const at = now();
      for (const [key, entry] of entries) {
        if (!entry.hasValue || at >= entry.freshUntil + ttlMs) continue; // not servable: the next request reads anyway
        entry.freshUntil = Math.min(entry.freshUntil, at);
        if (entry.load) refresh(key, entry, entry.load).catch(() => {});
      }
    },
  };
}

/**
 * `action` for bursts of changes: the first call acts at once, and calls during the next
 * `windowMs` are folded into one more call at its end. A monitor cycle emits one score event per
 * market it scores (thousands in a few seconds); acting on each would refresh the cached answers
 * thousands of times.
 */
export function coalesced(action: () => void, windowMs: number): () => void {
  let window: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  const close = () => {
    if (again) {
      again = false;
      action();
      window = setTimeout(close, windowMs);
      window.unref?.();
    } else {
      window = null;
    }
  };
  return () => {
    if (window) {
      again = true;
      return;
    }
    action();
    window = setTimeout(close, windowMs);
    window.unref?.();
  };
}

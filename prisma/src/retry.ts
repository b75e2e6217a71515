// The one retry policy: exponential backoff with jitter, a cap, a number of attempts, a predicate
// for what is worth retrying, an abort signal, and a server's own wait (Retry-After) when it
// gives one. The database connection, the Kalshi client's requests and WebSocket reconnects, the
// outbox's redelivery and the event-title refetch all take their delays from here; only the
// Anthropic SDK keeps its own (and the browser's live-update reconnect, in the web app).

export interface BackoffOptions {
  /** Delay before the first retry (before jitter). */
  baseDelayMs: number;
  /** The exponential part stops growing here (with the default jitter no delay exceeds it). */
  maxDelayMs: number;
  /**
   * The random factor the delay is multiplied by, uniform in `[low, high]`. Default `[0.5, 1]`
   * ("equal jitter": never above `maxDelayMs`); `[0, 1]` is "full jitter"; the outbox spreads
   * its redeliveries by ±20 % with `[0.8, 1.2]` (which may pass the cap by as much).
   */
  jitter?: readonly [low: number, high: number];
}

export const EQUAL_JITTER = [0.5, 1] as const;

/** Delay before retry number `retry` (0-based): `min(max, base·2^retry)` times the jitter factor. */
export function backoffDelay(retry: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.min(Math.max(0, retry), 30));
  const [low, high] = opts.jitter ?? EQUAL_JITTER;
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exp * (low + (high - low) * r));
}

/**
 * A `Retry-After` header as milliseconds from `nowMs`: delta-seconds or an HTTP date; null when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export interface RetryOptions extends BackoffOptions {
  /** Total attempts including the first (at least 1). */
  attempts: number;
  /** Whether a failure is worth another attempt. Default: every failure. */
  retryable?: (error: unknown, attempt: number) => boolean;
  /**
   * The wait the other side asked for (e.g. from `Retry-After`), used instead of the backoff when
   * given (still capped at `maxDelayMs`).
   */
  retryAfterMs?: (error: unknown) => number | null | undefined;
  /** Stops waiting and retrying; the wait rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait: logging and counters. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Injectable for tests (a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Runs `fn` until it resolves, the failure is not retryable, or the attempts are spent (then rethrows). */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  if (!(opts.attempts >= 1)) throw new RangeError('retry: attempts must be at least 1');
  const sleep = opts.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (opts.signal?.aborted || attempt >= opts.attempts || !(opts.retryable?.(error, attempt) ?? true)) throw error;
      const asked = opts.retryAfterMs?.(error);
      const delayMs = asked != null && asked >= 0 ? Math.min(opts.maxDelayMs, asked) : backoffDelay(attempt - 1, opts, opts.random);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, opts.signal);
    }
  }
}

/** `setTimeout` as a promise that an abort signal cuts short (rejecting with its reason). */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

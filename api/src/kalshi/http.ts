/**
 * HTTP layer: ofetch + signing + token buckets + retries with jittered exponential backoff.
 *
 * Retry policy
 * - 429 (rate limited, no Retry-After on Kalshi): always retried, the request was not processed. The
 *   matching local bucket is drained so concurrent requests slow down too.
 * - 5xx, timeouts and network errors: retried only for idempotent requests (GET/DELETE, and order creates
 *   because they always carry a fixed `client_order_id`).
 * - Everything else (4xx) is returned as a {@link KalshiApiError} immediately.
 * Each attempt is re-signed with a fresh timestamp and pays its token cost again (Kalshi bills it).
 */
import { redactSecrets } from '../lib/redact.ts';
import { parseRetryAfter, retry } from '../lib/retry.ts';
import { ofetch } from 'ofetch';
import { systemClock, type Clock } from './clock.ts';
import {
  KalshiApiError,
  KalshiConfigError,
  KalshiNetworkError,
  KalshiResponseError,
  parseErrorBody,
} from './errors.ts';
import { normalizeApiBase } from './hosts.ts';
import type { Logger } from './logger.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { KalshiSigner } from './signing.ts';
import type { KalshiStats } from './stats.ts';

export interface RetryOptions {
  /** Total attempts including the first. Default 5. */
  attempts: number;
  /** Backoff base. Default 250 ms. */
  baseDelayMs: number;
  /** Backoff cap. Default 10 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Equal-jitter exponential backoff (lib/retry.ts): `min(max, base·2^retry)`, uniformly in its upper half. */
export { backoffDelay } from '../lib/retry.ts';

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

export type Query = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;

/** Builds a query string; arrays repeat the key (`tickers=A&tickers=B`), null/undefined are omitted. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) sp.append(k, String(item));
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface HttpClientOptions {
  baseUrl: string;
  logger: Logger;
  stats: KalshiStats;
  rateLimiter: RateLimiter;
  signer?: KalshiSigner | undefined;
  /** Sign public market-data requests too when credentials are present. Default true. */
  signPublic?: boolean;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  clock?: Clock;
  random?: () => number;
  userAgent?: string;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** `required`: throw if no credentials; `optional`: sign when possible; `none`: never sign. */
  auth?: 'required' | 'optional' | 'none';
  /** Retry 5xx/timeouts (429 is always retried). Default: true for GET/DELETE, false otherwise. */
  idempotent?: boolean;
  /** Multiplies the endpoint cost (batch endpoints bill per item). */
  costUnits?: number;
  signal?: AbortSignal;
  /** Extra context for logs (never headers). */
  logContext?: Record<string, unknown>;
}

export class HttpClient {
  readonly baseUrl: string;
  /** Path prefix of the base URL (e.g. `/trade-api/v2`): part of the signed path. */
  readonly basePath: string;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
  readonly #opts: HttpClientOptions;
  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(opts: HttpClientOptions) {
    this.baseUrl = normalizeApiBase(opts.baseUrl);
    let url: URL;
    try {
      url = new URL(this.baseUrl);
    } catch {
      throw new KalshiConfigError(`invalid Kalshi API base URL`);
    }
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    if (!(this.retry.attempts >= 1)) throw new KalshiConfigError('retry.attempts must be >= 1');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? Math.random;
  }

  get hasCredentials(): boolean {
    return this.#opts.signer !== undefined;
  }

  /** Removes anything secret-looking we know about from a string destined for an error or a log. */
  #redact(text: string, secrets: readonly string[]): string {
    return redactSecrets(text, secrets);
  }

  /** Sends one request with retries; resolves with the parsed JSON body of a 2xx response. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<unknown> {
    const m = method.toUpperCase();
    const auth = opts.auth ?? 'optional';
    const signer = this.#opts.signer;
    if (auth === 'required' && !signer) {
      throw new KalshiConfigError(`Kalshi ${m} ${path} requires API credentials (KALSHI_API_KEY_ID and a private key)`);
    }
    const sign = signer !== undefined && (auth === 'required' || (auth === 'optional' && this.#opts.signPublic !== false));
    const idempotent = opts.idempotent ?? (m === 'GET' || m === 'DELETE' || m === 'HEAD');
    const qs = buildQuery(opts.query);
    const url = `${this.baseUrl}${path}${qs}`;
    const signedPath = `${this.basePath}${path}`;
    const bodyText = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const logPath = path; // no query: cursors are long and not interesting
    const { logger, stats, rateLimiter } = this.#opts;

    const attemptOnce = async (attempt: number): Promise<unknown> => {
      const { bucket } = await rateLimiter.acquire(m, path, opts.costUnits ?? 1, opts.signal);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.#opts.userAgent) headers['user-agent'] = this.#opts.userAgent;
      if (bodyText !== undefined) headers['content-type'] = 'application/json';
      let secrets: string[] = [];
      if (sign && signer) {
        const h = signer.headers(m, signedPath, this.#clock.now());
        Object.assign(headers, h);
        secrets = [h['KALSHI-ACCESS-KEY'], h['KALSHI-ACCESS-SIGNATURE']];
      }

      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      stats.requests++;
      let status: number;
      let text: string;
      let retryAfter: string | null = null;
      try {
        const res = await ofetch.raw<string, 'text'>(url, {
          method: m,
          headers,
          body: bodyText,
          responseType: 'text',
          ignoreResponseError: true,
          retry: false,
          signal,
        });
        status = res.status;
        text = typeof res._data === 'string' ? res._data : '';
        retryAfter = res.headers.get('retry-after');
      } catch (err) {
        if (opts.signal?.aborted) throw new KalshiNetworkError('aborted', m, logPath, attempt, '');
        stats.networkErrors++;
        throw new KalshiNetworkError(timeout.aborted ? 'timeout' : 'network', m, logPath, attempt, networkDetail(err));
      }

      if (status >= 200 && status < 300) {
        if (text === '') return {};
        try {
          return JSON.parse(text);
        } catch {
          throw new KalshiResponseError(m, logPath, `HTTP ${status} with a body that is not JSON`);
        }
      }

      if (status === 429) {
        stats.rateLimited++;
        rateLimiter.bucket(bucket).drain();
      } else if (status >= 500) {
        stats.serverErrors++;
      }
      const body = this.#redact(text.slice(0, 500), secrets);
      const parsed = parseErrorBody(text);
      for (const k of ['code', 'message', 'details'] as const) {
        const v = parsed[k];
        if (v !== undefined) parsed[k] = this.#redact(v, secrets);
      }
      const error = new KalshiApiError({ status, method: m, path: logPath, attempts: attempt, body, parsed });
      // Kalshi sends no Retry-After today (NOTES §3); honoured if it ever does.
      const afterMs = parseRetryAfter(retryAfter, this.#clock.now());
      if (afterMs !== null) retryAfterMs.set(error, afterMs);
      throw error;
    };

    const retryAfterMs = new WeakMap<object, number>();
    return retry(attemptOnce, {
      ...this.retry,
      signal: opts.signal,
      sleep: (ms, signal) => this.#clock.sleep(ms, signal),
      random: this.#random,
      retryable: (error) =>
        error instanceof KalshiNetworkError
          ? error.kind !== 'aborted' && idempotent
          : error instanceof KalshiApiError && (error.status === 429 || (idempotent && isRetryableStatus(error.status))),
      retryAfterMs: (error) => (typeof error === 'object' && error !== null ? retryAfterMs.get(error) : undefined),
      onRetry: ({ attempt, delayMs, error }) => {
        stats.retries++;
        if (error instanceof KalshiNetworkError) {
          logger.warn({ method: m, path: logPath, kind: error.kind, detail: error.detail, attempt, delayMs, ...opts.logContext }, 'kalshi request failed; retrying');
        } else {
          logger.warn({ method: m, path: logPath, status: (error as KalshiApiError).status, attempt, delayMs, ...opts.logContext }, 'kalshi request rejected; retrying');
        }
      },
    });
  }
}

function networkDetail(err: unknown): string {
  // Only codes and names: fetch errors hold the request options (headers) and must not leak.
  const e = err as { name?: unknown; cause?: { code?: unknown; name?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.cause?.name;
  if (typeof code === 'string') return code;
  return typeof e?.name === 'string' ? e.name : 'error';
}

/**
 * `KALSHI_RATE_TIER=auto`: the client's token buckets sized from the account's real budgets.
 *
 * Kalshi publishes each account's tier and budgets at `GET /account/limits` (signed) and the
 * non-default request costs at `GET /account/endpoint_costs` (public), NOTES §3. Tiers change
 * (volume-earned tiers are recomputed from a trailing 30 days; grants expire; Kalshi raised every
 * budget by 20 % in Sept 2026), so both are read at start-up and again every hour. Without keys,
 * or while `/account/limits` cannot be read, the buckets stay at Basic, the documented default
 * (or at the last budgets read), and that is logged once, not at every refresh.
 *
 * Each process sizes its own buckets: the budgets are per account, but the buckets live in the
 * client, so this is a timer beside the client, not a scheduled job (which runs on one instance).
 */
import type { Logger } from './logger.ts';
import type { PortfolioApi } from './portfolio.ts';
import type { RateLimiter, UsageTier } from './rate-limit.ts';

export const RATE_LIMITS_REFRESH_MS = 60 * 60_000;

export type RateTierSetting = 'auto' | UsageTier;

export interface RateTierState {
  /** Where the bucket sizes come from. */
  source: 'account' | 'basic' | 'configured';
  tier: string;
  read: { refillRate: number; capacity: number };
  write: { refillRate: number; capacity: number };
  /** True once `/account/endpoint_costs` has been loaded. */
  costsLoaded: boolean;
}

export interface RateTierClient extends Pick<PortfolioApi, 'applyAccountLimits' | 'applyEndpointCosts'> {
  rateLimiter: RateLimiter;
  hasCredentials: boolean;
}

export interface RateTierSync {
  /** Reads the costs (and, with `auto` and keys, the limits) now; never throws. */
  refresh(): Promise<RateTierState>;
  readonly state: RateTierState;
  stop(): void;
}

export function startRateTierSync(
  kalshi: RateTierClient,
  options: { tier: RateTierSetting; logger: Logger; intervalMs?: number },
): RateTierSync {
  const { logger } = options;
  const auto = options.tier === 'auto';
  const abort = new AbortController();
  let limitsRead = false;
  let costsLoaded = false;
  // One line per kind of trouble until it clears, not one per refresh.
  const warned = { noKeys: false, limits: false, costs: false };
  let running: Promise<RateTierState> | null = null;

  const state = (): RateTierState => ({
    source: !auto ? 'configured' : limitsRead ? 'account' : 'basic',
    tier: kalshi.rateLimiter.tier,
    read: { refillRate: kalshi.rateLimiter.read.refillRate, capacity: kalshi.rateLimiter.read.capacity },
    write: { refillRate: kalshi.rateLimiter.write.refillRate, capacity: kalshi.rateLimiter.write.capacity },
    costsLoaded,
  });

  async function once(): Promise<RateTierState> {
    try {
      await kalshi.applyEndpointCosts(abort.signal);
      costsLoaded = true;
      warned.costs = false;
    } catch (error) {
      if (!warned.costs && !abort.signal.aborted) {
        warned.costs = true;
        logger.warn({ err: { message: (error as Error).message } }, 'kalshi: could not read /account/endpoint_costs; every request counted at the default cost until it can');
      }
    }
    if (auto && !kalshi.hasCredentials) {
      if (!warned.noKeys) {
        warned.noKeys = true;
        logger.info({ tier: kalshi.rateLimiter.tier }, 'kalshi: KALSHI_RATE_TIER=auto without Kalshi keys: Basic budgets (/account/limits needs a key)');
      }
    } else if (auto) {
      try {
        await kalshi.applyAccountLimits(abort.signal);
        limitsRead = true;
        warned.limits = false;
      } catch (error) {
        if (!warned.limits && !abort.signal.aborted) {
          warned.limits = true;
          logger.warn(
            { err: { message: (error as Error).message }, tier: kalshi.rateLimiter.tier },
            limitsRead ? 'kalshi: could not read /account/limits; keeping the budgets read before' : 'kalshi: could not read /account/limits; Basic budgets until it can',
          );
        }
      }
    }
    return state();
  }

  const refresh = (): Promise<RateTierState> => (running ??= once().finally(() => (running = null)));

  void refresh();
  const timer = setInterval(() => void refresh(), options.intervalMs ?? RATE_LIMITS_REFRESH_MS);
  timer.unref();

  return {
    refresh,
    get state() {
      return state();
    },
    stop() {
      clearInterval(timer);
      abort.abort();
    },
  };
}

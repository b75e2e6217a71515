/**
 * Client-side token buckets mirroring Kalshi's rate limiting (NOTES §3): two independent buckets, Read and
 * Write; every request costs tokens (default 10); a request may only go when its whole cost fits.
 */
import { systemClock, type Clock } from './clock.ts';

export interface BucketLimit {
  /** Tokens added per second. */
  refillRate: number;
  /** Maximum tokens held (burst). */
  capacity: number;
}

export class RateLimitConfigError extends Error {
  override readonly name = 'RateLimitConfigError';
}

/**
 * A token bucket with FIFO waiters. Starts full. `take(cost)` resolves when `cost` tokens were deducted.
 */
export class TokenBucket {
  #rate: number;
  #capacity: number;
  #tokens: number;
  #last: number;
  #queue: Promise<void> = Promise.resolve();
  readonly #clock: Clock;
  /** Requests that had to wait for budget, and the time they waited in all (GET /metrics). */
  waits = 0;
  waitedMs = 0;

  constructor(limit: BucketLimit, clock: Clock = systemClock) {
    TokenBucket.validate(limit);
    this.#clock = clock;
    this.#rate = limit.refillRate;
    this.#capacity = limit.capacity;
    this.#tokens = limit.capacity;
    this.#last = clock.now();
  }

  private static validate(limit: BucketLimit): void {
    if (!(limit.refillRate > 0) || !Number.isFinite(limit.refillRate)) {
      throw new RateLimitConfigError(`refillRate must be a positive number, got ${limit.refillRate}`);
    }
    if (!(limit.capacity > 0) || !Number.isFinite(limit.capacity)) {
      throw new RateLimitConfigError(`capacity must be a positive number, got ${limit.capacity}`);
    }
  }

  get refillRate(): number {
    return this.#rate;
  }
  get capacity(): number {
    return this.#capacity;
  }

  /** Current token count (after refill). */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Changes the limits, keeping the current fill level (clamped to the new capacity). */
  reconfigure(limit: BucketLimit): void {
    TokenBucket.validate(limit);
    this.#refill();
    this.#rate = limit.refillRate;
    this.#capacity = limit.capacity;
    this.#tokens = Math.min(this.#tokens, this.#capacity);
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#last;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#capacity, this.#tokens + (elapsed * this.#rate) / 1000);
      this.#last = now;
    }
  }

  /** Milliseconds until `cost` tokens are available (0 if now). */
  waitTime(cost: number): number {
    this.#refill();
    const missing = cost - this.#tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.#rate);
  }

  /** Takes `cost` tokens now if available. */
  tryTake(cost: number): boolean {
    this.#check(cost);
    this.#refill();
    if (this.#tokens + 1e-9 >= cost) {
      this.#tokens -= cost;
      return true;
    }
    return false;
  }

  /** Drains the bucket (used after a 429: the server says we are out of budget). */
  drain(): void {
    this.#refill();
    this.#tokens = 0;
  }

  #check(cost: number): void {
    if (!(cost >= 0) || !Number.isFinite(cost)) throw new RateLimitConfigError(`invalid cost ${cost}`);
    if (cost > this.#capacity) {
      throw new RateLimitConfigError(`request cost ${cost} exceeds the bucket capacity ${this.#capacity}`);
    }
  }

  /** Waits (FIFO) until `cost` tokens are available, then deducts them. */
  take(cost: number, signal?: AbortSignal): Promise<void> {
    this.#check(cost);
    const run = async () => {
      if (this.tryTake(cost)) return;
      const started = this.#clock.now();
      this.waits++;
      try {
        for (;;) {
          await this.#clock.sleep(Math.max(1, this.waitTime(cost)), signal);
          if (this.tryTake(cost)) return;
        }
      } finally {
        this.waitedMs += this.#clock.now() - started;
      }
    };
    const p = this.#queue.then(run);
    // Keep the chain alive even if one waiter is aborted.
    this.#queue = p.catch(() => undefined);
    return p;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tiers and costs

export type UsageTier = 'basic' | 'advanced' | 'expert' | 'premier' | 'paragon' | 'prime' | 'prestige';

/**
 * Documented budgets (Kalshi docs of 2026-08-19, NOTES §3). Burst: Basic and Advanced Read buckets and
 * Write buckets above Basic hold 2 s of budget; Read buckets above Advanced and the Basic Write bucket 1 s.
 * Later changes (+20 % on 2026-09-24) are third-party reports only: prefer `GET /account/limits`.
 */
export const TIER_LIMITS: Record<UsageTier, { read: BucketLimit; write: BucketLimit }> = {
  basic: { read: { refillRate: 200, capacity: 400 }, write: { refillRate: 100, capacity: 100 } },
  advanced: { read: { refillRate: 300, capacity: 600 }, write: { refillRate: 300, capacity: 600 } },
  expert: { read: { refillRate: 600, capacity: 600 }, write: { refillRate: 600, capacity: 1200 } },
  premier: { read: { refillRate: 1000, capacity: 1000 }, write: { refillRate: 1000, capacity: 2000 } },
  paragon: { read: { refillRate: 2000, capacity: 2000 }, write: { refillRate: 2000, capacity: 4000 } },
  prime: { read: { refillRate: 4000, capacity: 4000 }, write: { refillRate: 4000, capacity: 8000 } },
  prestige: { read: { refillRate: 10000, capacity: 10000 }, write: { refillRate: 8000, capacity: 16000 } },
};

export const DEFAULT_COST = 10;

export type BucketName = 'read' | 'write';

export interface EndpointCost {
  method: string;
  /** Route template, e.g. `/portfolio/events/orders/{order_id}` (a `/trade-api/v2` prefix is ignored). */
  path: string;
  cost: number;
}

/**
 * Known non-default costs (NOTES §3): V2 cancel = 2 (legacy cancel = 20 = 10×), batch cancel 2 per order,
 * batch create 10 per order (the caller multiplies), legacy create 100, API usage upgrade 30.
 */
export const KNOWN_ENDPOINT_COSTS: readonly EndpointCost[] = [
  { method: 'DELETE', path: '/portfolio/events/orders/{order_id}', cost: 2 },
  { method: 'POST', path: '/portfolio/orders', cost: 100 },
  { method: 'DELETE', path: '/portfolio/orders/{order_id}', cost: 20 },
  { method: 'POST', path: '/account/api_usage_level/upgrade', cost: 30 },
];

/** Which bucket a request draws from: writes are order/order-group/RFQ mutations; everything else reads. */
export function bucketFor(method: string, path: string): BucketName {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'read';
  const p = stripApiPrefix(path);
  if (
    p.startsWith('/portfolio/events/orders') ||
    p.startsWith('/portfolio/orders') ||
    p.startsWith('/portfolio/order_groups') ||
    p.startsWith('/communications') ||
    p.startsWith('/account/api_usage_level/upgrade')
  ) {
    return 'write';
  }
  return 'read';
}

function stripApiPrefix(path: string): string {
  const q = path.indexOf('?');
  let p = q === -1 ? path : path.slice(0, q);
  const i = p.indexOf('/trade-api/v2');
  if (i !== -1) p = p.slice(i + '/trade-api/v2'.length);
  return p.replace(/\/+$/, '') || '/';
}

function templateMatches(template: string, path: string): boolean {
  const a = stripApiPrefix(template).split('/');
  const b = path.split('/');
  if (a.length !== b.length) return false;
  return a.every((seg, i) => (seg.startsWith('{') && seg.endsWith('}') ? (b[i] ?? '') !== '' : seg === b[i]));
}

/** Cost table: default cost plus exceptions; exceptions from `/account/endpoint_costs` can be loaded in. */
export class CostTable {
  defaultCost: number;
  #costs: EndpointCost[];

  constructor(defaultCost = DEFAULT_COST, costs: readonly EndpointCost[] = KNOWN_ENDPOINT_COSTS) {
    this.defaultCost = defaultCost;
    this.#costs = [...costs];
  }

  /** Replaces/extends exceptions (server values win over built-ins). */
  load(defaultCost: number, costs: readonly EndpointCost[]): void {
    this.defaultCost = defaultCost;
    const incoming = costs.map((c) => ({ ...c, method: c.method.toUpperCase() }));
    const keep = this.#costs.filter(
      (k) => !incoming.some((c) => c.method === k.method && stripApiPrefix(c.path) === stripApiPrefix(k.path)),
    );
    this.#costs = [...incoming, ...keep];
  }

  cost(method: string, path: string): number {
    const m = method.toUpperCase();
    const p = stripApiPrefix(path);
    // Exact matches beat templates.
    const exact = this.#costs.find((c) => c.method === m && stripApiPrefix(c.path) === p);
    if (exact) return exact.cost;
    const tpl = this.#costs.find((c) => c.method === m && templateMatches(c.path, p));
    return tpl ? tpl.cost : this.defaultCost;
  }
}

export interface RateLimiterOptions {
  /** Tier to assume until `/account/limits` is read. Default `basic`. */
  tier?: UsageTier;
  read?: BucketLimit;
  write?: BucketLimit;
  /** Turn client-side limiting off (the server still limits). */
  disabled?: boolean;
  clock?: Clock;
}

export class RateLimiter {
  readonly read: TokenBucket;
  readonly write: TokenBucket;
  readonly costs = new CostTable();
  disabled: boolean;
  tier: string;

  constructor(opts: RateLimiterOptions = {}) {
    const tier = opts.tier ?? 'basic';
    const base = TIER_LIMITS[tier];
    if (!base) throw new RateLimitConfigError(`unknown tier ${tier}`);
    this.tier = tier;
    this.read = new TokenBucket(opts.read ?? base.read, opts.clock);
    this.write = new TokenBucket(opts.write ?? base.write, opts.clock);
    this.disabled = opts.disabled ?? false;
  }

  bucket(name: BucketName): TokenBucket {
    return name === 'read' ? this.read : this.write;
  }

  /** Applies a `GET /account/limits` response. */
  apply(limits: { usage_tier?: string; read: { refill_rate: number; bucket_capacity: number }; write: { refill_rate: number; bucket_capacity: number } }): void {
    this.read.reconfigure({ refillRate: limits.read.refill_rate, capacity: limits.read.bucket_capacity });
    this.write.reconfigure({ refillRate: limits.write.refill_rate, capacity: limits.write.bucket_capacity });
    if (limits.usage_tier) this.tier = limits.usage_tier;
  }

  /**
   * Waits for budget for one request. `units` multiplies the per-endpoint cost (batch endpoints bill each item).
   * Returns the bucket and cost used.
   */
  async acquire(method: string, path: string, units = 1, signal?: AbortSignal): Promise<{ bucket: BucketName; cost: number }> {
    const bucket = bucketFor(method, path);
    const cost = this.costs.cost(method, path) * units;
    if (!this.disabled) await this.bucket(bucket).take(cost, signal);
    return { bucket, cost };
  }
}

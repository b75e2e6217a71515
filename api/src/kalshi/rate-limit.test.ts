import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import { backoffDelay } from './http.ts';
import { CostTable, RateLimitConfigError, RateLimiter, TIER_LIMITS, TokenBucket, bucketFor } from './rate-limit.ts';

/** A manual clock: sleep advances time instantly. */
function fakeClock(start = 0): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: start,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('TokenBucket', () => {
  it('starts full, spends, refills linearly, caps at capacity', () => {
    const clock = fakeClock();
    const b = new TokenBucket({ refillRate: 200, capacity: 400 }, clock);
    expect(b.tokens).toBe(400);
    for (let i = 0; i < 40; i++) expect(b.tryTake(10)).toBe(true);
    expect(b.tryTake(10)).toBe(false);
    expect(b.waitTime(10)).toBe(50); // 10 tokens at 200/s
    clock.t += 50;
    expect(b.tryTake(10)).toBe(true);
    clock.t += 100_000;
    expect(b.tokens).toBe(400);
  });

  it('take() waits exactly as long as needed and serves waiters FIFO', async () => {
    const clock = fakeClock();
    const b = new TokenBucket({ refillRate: 100, capacity: 100 }, clock);
    const order: number[] = [];
    const ps = [];
    for (let i = 0; i < 30; i++) ps.push(b.take(10).then(() => order.push(i)));
    await Promise.all(ps);
    expect(order).toEqual([...Array(30).keys()]);
    // 300 tokens at 100/s with 100 up front → 2 s of waiting.
    expect(clock.t).toBeGreaterThanOrEqual(2000);
    expect(clock.t).toBeLessThanOrEqual(2010);
  });

  it('sustained throughput never exceeds rate × time + capacity', async () => {
    const clock = fakeClock();
    const b = new TokenBucket({ refillRate: 200, capacity: 400 }, clock);
    let spent = 0;
    for (let i = 0; i < 500; i++) {
      await b.take(10);
      spent += 10;
      expect(spent).toBeLessThanOrEqual(400 + (clock.t * 200) / 1000 + 1e-6);
    }
  });

  it('rejects a cost above capacity and invalid limits', () => {
    const b = new TokenBucket({ refillRate: 10, capacity: 20 }, fakeClock());
    expect(() => b.tryTake(21)).toThrow(RateLimitConfigError);
    expect(() => b.take(21)).toThrow(RateLimitConfigError);
    expect(() => new TokenBucket({ refillRate: 0, capacity: 10 })).toThrow(RateLimitConfigError);
    expect(() => new TokenBucket({ refillRate: 10, capacity: Number.NaN })).toThrow(RateLimitConfigError);
  });

  it('reconfigure keeps the fill level clamped; drain empties', () => {
    const clock = fakeClock();
    const b = new TokenBucket({ refillRate: 100, capacity: 1000 }, clock);
    b.reconfigure({ refillRate: 50, capacity: 100 });
    expect(b.tokens).toBe(100);
    b.drain();
    expect(b.tokens).toBe(0);
    expect(b.waitTime(10)).toBe(200);
  });

  it('an aborted waiter does not block the queue', async () => {
    const clock = fakeClock();
    const b = new TokenBucket({ refillRate: 10, capacity: 10 }, { now: clock.now, sleep: (ms, signal) => (signal?.aborted ? Promise.reject(new Error('aborted')) : clock.sleep(ms)) });
    b.drain();
    const ac = new AbortController();
    ac.abort();
    await expect(b.take(10, ac.signal)).rejects.toThrow('aborted');
    await b.take(10);
  });
});

describe('tiers, buckets and costs', () => {
  it('documented tiers: Basic read 200/s burst 2 s, write 100/s burst 1 s', () => {
    expect(TIER_LIMITS.basic).toEqual({ read: { refillRate: 200, capacity: 400 }, write: { refillRate: 100, capacity: 100 } });
    expect(TIER_LIMITS.advanced.write.capacity).toBe(600);
    expect(TIER_LIMITS.expert.read).toEqual({ refillRate: 600, capacity: 600 });
    expect(TIER_LIMITS.prestige.write.refillRate).toBe(8000);
  });

  it('routes writes to the write bucket and everything else to read', () => {
    expect(bucketFor('GET', '/markets')).toBe('read');
    expect(bucketFor('GET', '/portfolio/orders')).toBe('read');
    expect(bucketFor('POST', '/portfolio/events/orders')).toBe('write');
    expect(bucketFor('DELETE', '/portfolio/events/orders/abc')).toBe('write');
    expect(bucketFor('POST', '/trade-api/v2/portfolio/order_groups/create')).toBe('write');
    expect(bucketFor('POST', '/portfolio/intra_exchange_instance_transfer')).toBe('read');
  });

  it('default cost 10; V2 cancel 2; legacy writes 10×; server table overrides', () => {
    const t = new CostTable();
    expect(t.cost('GET', '/markets')).toBe(10);
    expect(t.cost('POST', '/portfolio/events/orders')).toBe(10);
    expect(t.cost('DELETE', '/portfolio/events/orders/123')).toBe(2);
    expect(t.cost('POST', '/portfolio/orders')).toBe(100);
    expect(t.cost('DELETE', '/portfolio/orders/1')).toBe(20);
    t.load(12, [{ method: 'get', path: '/trade-api/v2/markets/{ticker}/orderbook', cost: 3 }, { method: 'DELETE', path: '/portfolio/events/orders/{order_id}', cost: 4 }]);
    expect(t.cost('GET', '/markets/ABC/orderbook')).toBe(3);
    expect(t.cost('GET', '/markets')).toBe(12);
    expect(t.cost('DELETE', '/portfolio/events/orders/123')).toBe(4);
    expect(t.cost('GET', '/markets/orderbooks')).toBe(12);
  });

  it('RateLimiter applies /account/limits', async () => {
    const clock = fakeClock();
    const rl = new RateLimiter({ clock });
    rl.apply({ usage_tier: 'premier', read: { refill_rate: 1200, bucket_capacity: 1200 }, write: { refill_rate: 1200, bucket_capacity: 2400 } });
    expect(rl.tier).toBe('premier');
    expect(rl.read.refillRate).toBe(1200);
    expect(rl.write.capacity).toBe(2400);
    expect(await rl.acquire('DELETE', '/portfolio/events/orders/x')).toEqual({ bucket: 'write', cost: 2 });
    expect(await rl.acquire('GET', '/markets', 3)).toEqual({ bucket: 'read', cost: 30 });
  });
});

describe('backoffDelay', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 5000 };
  it('grows exponentially within [d/2, d] and is capped', () => {
    for (let retry = 0; retry < 20; retry++) {
      const d = Math.min(5000, 100 * 2 ** retry);
      expect(backoffDelay(retry, opts, () => 0)).toBe(Math.round(d / 2));
      expect(backoffDelay(retry, opts, () => 1)).toBe(d);
      const r = backoffDelay(retry, opts);
      expect(r).toBeGreaterThanOrEqual(d / 2 - 1);
      expect(r).toBeLessThanOrEqual(d);
    }
    expect(backoffDelay(1000, opts, () => 1)).toBe(5000);
  });
  it('is jittered', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5, opts)));
    expect(seen.size).toBeGreaterThan(5);
  });
});

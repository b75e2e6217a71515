import { describe, expect, it } from 'vitest';
import { WindowRateLimiter } from './rate-limit.ts';

describe('WindowRateLimiter', () => {
  it('allows `limit` attempts per key per window', () => {
    const limiter = new WindowRateLimiter(3, 1000);
    expect([1, 2, 3, 4].map(() => limiter.attempt('a', 0))).toEqual([true, true, true, false]);
    expect(limiter.attempt('b', 10)).toBe(true);
    expect(limiter.attempt('a', 999)).toBe(false);
    expect(limiter.attempt('a', 1000)).toBe(true);
  });

  it('keeps memory bounded under many keys', () => {
    const limiter = new WindowRateLimiter(1, 1000, 100);
    for (let i = 0; i < 1000; i++) limiter.attempt(`k${i}`, i);
    expect((limiter as unknown as { hits: Map<string, unknown> }).hits.size).toBeLessThanOrEqual(100);
  });
});

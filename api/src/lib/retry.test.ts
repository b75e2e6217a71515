import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, retry } from './retry.ts';

const noSleep = { sleep: async () => {} };

describe('backoffDelay', () => {
  it('doubles from the base up to the cap; equal jitter by default, any range on request', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, o, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, o, () => 0)).toBe(400);
    expect(backoffDelay(3, { ...o, jitter: [0, 1] }, () => 0)).toBe(0);
    expect(backoffDelay(0, { ...o, jitter: [0.8, 1.2] }, () => 0.5)).toBe(100);
    for (let i = 0; i < 100; i++) expect(backoffDelay(20, o)).toBeLessThanOrEqual(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates; null otherwise', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('retry', () => {
  it('retries until success, waiting the backoff between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const out = await retry(async (attempt) => {
      calls++;
      if (attempt < 3) throw new Error(`fail ${attempt}`);
      return 'ok';
    }, { attempts: 5, baseDelayMs: 10, maxDelayMs: 100, random: () => 1, sleep: async (ms) => void waits.push(ms) });
    expect(out).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the attempts, or at once on a failure that is not retryable', async () => {
    let calls = 0;
    await expect(retry(async () => { calls++; throw new Error('down'); }, { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, ...noSleep })).rejects.toThrow('down');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retry(async () => { calls++; throw new Error('bad request'); }, { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, retryable: (e) => !/bad/.test((e as Error).message), ...noSleep })).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('waits what the server asked (Retry-After), capped', async () => {
    const waits: number[] = [];
    let n = 0;
    await retry(async () => { if (n++ < 2) throw Object.assign(new Error('429'), { after: n === 1 ? 50 : 5000 }); }, {
      attempts: 3, baseDelayMs: 1, maxDelayMs: 1000, retryAfterMs: (e) => (e as { after: number }).after, sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([50, 1000]);
  });

  it('an abort stops the wait and the retries', async () => {
    const abort = new AbortController();
    let calls = 0;
    const run = retry(async () => { calls++; throw new Error('down'); }, { attempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000, signal: abort.signal });
    setTimeout(() => abort.abort(new Error('stopped')), 10);
    await expect(run).rejects.toThrow('stopped');
    expect(calls).toBe(1);
  });
});

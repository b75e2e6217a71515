import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesced, createReadCache } from './read-cache.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('read cache', () => {
  it('shares one read among concurrent identical requests and serves it for the TTL', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    let loads = 0;
    const gate = deferred<string>();
    const load = () => {
      loads++;
      return gate.promise;
    };
    const first = cache.get('k', load);
    const second = cache.get('k', load);
    gate.resolve('v1');
    expect(await first).toBe('v1');
    expect(await second).toBe('v1');
    t = 999;
    expect(await cache.get('k', async () => 'other')).toBe('v1');
    expect(loads).toBe(1);
  });

  it('after the TTL answers with the stale value once while one background read replaces it', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    await cache.get('k', async () => 'v1');
    t = 1500;
    const gate = deferred<string>();
    let loads = 0;
    const load = () => {
      loads++;
      return gate.promise;
    };
    expect(await cache.get('k', load)).toBe('v1');
    expect(await cache.get('k', load)).toBe('v1');
    expect(loads).toBe(1);
    gate.resolve('v2');
    await gate.promise;
    await Promise.resolve();
    expect(await cache.get('k', async () => 'never')).toBe('v2');
  });

  it('never serves an answer older than two TTLs', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    await cache.get('k', async () => 'v1');
    t = 2000;
    expect(await cache.get('k', async () => 'v2')).toBe('v2');
  });

  it('does not keep a failed read; the next request reads again and sees the outcome', async () => {
    const cache = createReadCache({ ttlMs: 1000, now: () => 0 });
    await expect(cache.get('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('k', async () => 'v1')).toBe('v1');
  });

  it('a failed background refresh keeps the stale value until two TTLs, then surfaces the error', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    await cache.get('k', async () => 'v1');
    t = 1200;
    expect(await cache.get('k', async () => Promise.reject(new Error('down')))).toBe('v1');
    await new Promise((r) => setTimeout(r, 0));
    t = 2100;
    await expect(cache.get('k', async () => Promise.reject(new Error('still down')))).rejects.toThrow('still down');
  });

  it('clear() drops every answer, and a read begun before it does not store its outdated answer', async () => {
    const cache = createReadCache({ ttlMs: 1000, now: () => 0 });
    await cache.get('a', async () => 'a1');
    const gate = deferred<string>();
    const inFlight = cache.get('b', () => gate.promise);
    cache.clear();
    gate.resolve('b-before-clear');
    expect(await inFlight).toBe('b-before-clear');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
  });

  it('expire() reads every recent answer again at once, serving the previous one meanwhile', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    let version = 1;
    const gate = { current: deferred<void>() };
    const load = async () => {
      const v = version;
      await gate.current.promise;
      return `a${v}`;
    };
    gate.current.resolve();
    expect(await cache.get('a', load)).toBe('a1');
    version = 2;
    gate.current = deferred<void>();
    cache.expire(); // the read of a2 starts now, without waiting for a request
    expect(await cache.get('a', async () => 'never')).toBe('a1'); // answered from memory meanwhile
    gate.current.resolve();
    await expect.poll(() => cache.get('a', async () => 'never')).toBe('a2');
  });

  it('expire() during a read: that read is not kept, and the read after the change follows it', async () => {
    const cache = createReadCache({ ttlMs: 1000, now: () => 0 });
    let version = 1;
    let gate = deferred<void>();
    const load = async () => {
      const v = version;
      await gate.promise;
      return `b${v}`;
    };
    const first = gate;
    first.resolve();
    expect(await cache.get('b', load)).toBe('b1');
    // A refresh is in flight (begun before the change) when expire() comes.
    gate = deferred<void>();
    cache.expire();
    version = 2;
    cache.expire();
    const hold = gate;
    gate = deferred<void>();
    hold.resolve();
    gate.resolve();
    await expect.poll(() => cache.get('b', async () => 'never')).toBe('b2');
  });

  it('expire() leaves alone answers no longer servable (no read starts for them)', async () => {
    let t = 0;
    const cache = createReadCache({ ttlMs: 1000, now: () => t });
    let loads = 0;
    await cache.get('c', async () => `c${++loads}`);
    t = 2000; // past fresh (1000) and stale (2000) windows
    cache.expire();
    expect(loads).toBe(1);
    expect(await cache.get('c', async () => `c${++loads}`)).toBe('c2'); // read on request, as before
  });

  it('with a TTL of 0 reads every time', async () => {
    const cache = createReadCache({ ttlMs: 0 });
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
  });

  it('holds at most maxEntries answers, dropping the oldest', async () => {
    const cache = createReadCache({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });
});

describe('coalesced', () => {
  afterEach(() => vi.useRealTimers());

  it('clears at once, folds a burst into one more clear at the end of the window, then is quiet', () => {
    vi.useFakeTimers();
    const cache = { clear: vi.fn() };
    const clear = coalesced(cache.clear, 1000);
    clear();
    expect(cache.clear).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5000; i++) clear(); // a cycle scoring 5,000 markets
    expect(cache.clear).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(cache.clear).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(cache.clear).toHaveBeenCalledTimes(2);
    // After a quiet window, the next change clears at once again.
    clear();
    expect(cache.clear).toHaveBeenCalledTimes(3);
  });

  it('keeps clearing once a window while changes keep coming', () => {
    vi.useFakeTimers();
    const cache = { clear: vi.fn() };
    const clear = coalesced(cache.clear, 1000);
    for (let ms = 0; ms < 5000; ms += 100) {
      clear();
      vi.advanceTimersByTime(100);
    }
    expect(cache.clear.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(cache.clear.mock.calls.length).toBeLessThanOrEqual(6);
  });
});

import { describe, expect, it } from 'vitest';
import { mapSliced } from './slicer.ts';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('mapSliced', () => {
  it('returns what map returns, in order, and lets timers run during a long map', async () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const out = await mapSliced(items, (i) => {
      busy(0.2); // 200 × 0.2 ms = 40 ms of CPU in all
      return i * 2;
    }, 5);
    clearInterval(timer);
    expect(out).toEqual(items.map((i) => i * 2));
    // A plain map would have held the loop for 40 ms: no timer could fire.
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('an empty list is an empty result', async () => {
    expect(await mapSliced([], (x: number) => x)).toEqual([]);
  });
});

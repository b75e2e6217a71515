import { z } from 'zod';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSlicer } from '../lib/slicer.ts';
import { parseRecords, parseRecordsSliced } from './records.ts';
import { KalshiStats } from './stats.ts';

const ctx = () => ({ stats: new KalshiStats(), logger: pino({ level: 'silent' }) });
// A deliberately slow schema: each record costs about 0.05 ms of CPU.
const Slow = z.object({ id: z.number() }).refine(() => {
  const until = performance.now() + 0.05;
  while (performance.now() < until);
  return true;
});

describe('time-sliced record validation', () => {
  it('gives the event loop turns during a long list and returns what parseRecords returns', async () => {
    const raws = [...Array.from({ length: 4000 }, (_, id) => ({ id })), { id: 'bad' }];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const sliced = await parseRecordsSliced(ctx(), 'GET /test', Slow, raws);
    clearInterval(timer);
    // About 200 ms of validation in stretches of at most ~8 ms: timers ran many times.
    expect(ticks).toBeGreaterThan(10);
    const c = ctx();
    expect(sliced).toEqual(parseRecords(c, 'GET /test', Slow, raws));
    expect(sliced).toHaveLength(4000);
    expect(c.stats.malformed['GET /test']).toBe(1);
  });

  it('is due only after its budget', async () => {
    const slicer = createSlicer(5);
    expect(slicer.due()).toBe(false);
    const until = performance.now() + 6;
    while (performance.now() < until);
    expect(slicer.due()).toBe(true);
    await slicer.pause();
    expect(slicer.due()).toBe(false);
  });
});

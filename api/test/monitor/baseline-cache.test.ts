// The scoring keeps the stored baselines between cycles and rereads only those recomputed since:
// what it returns is always what the table holds for the eligible markets, and a cycle where
// nothing was recomputed reads no baseline JSON at all.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTrades, type StoredTrade } from '../../src/monitor/ingest/trade-ingest.ts';
import { BaselineCache, computeBaselinesFor } from '../../src/monitor/pipeline/baselines.ts';

let db: Database;
const NOW = Date.UTC(2026, 10, 18, 20, 0);
const TICKERS = ['KXC-1-A', 'KXC-1-B', 'KXC-1-C'];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`INSERT INTO series (ticker, title, category, updated_at) VALUES ('KXC', 'C', 'Economics', now())`);
  await db.pool.query(`INSERT INTO events (event_ticker, series_ticker, title, category, updated_at) VALUES ('KXC-1', 'KXC', 'C', 'Economics', now())`);
  for (const t of TICKERS) {
    await db.pool.query(
      `INSERT INTO markets (ticker, event_ticker, series_ticker, title, category, status, close_time, eligible)
       VALUES ($1, 'KXC-1', 'KXC', $1, 'Economics', 'active', $2, true)`,
      [t, new Date(NOW + 86_400_000)],
    );
  }
  await computeBaselinesFor(db.pool, TICKERS, new Date(NOW));
}, 120_000);

afterAll(async () => {
  await db?.close();
});

/** The stored baselines' JSON, read directly. */
async function stored(): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query<{ ticker: string; extra: unknown }>(
    '/* the test */ SELECT b.ticker, b.extra FROM baselines b JOIN markets m ON m.ticker = b.ticker AND m.eligible ORDER BY b.ticker',
  );
  return Object.fromEntries(rows.map((r) => [r.ticker, r.extra]));
}

/** The tickers whose baseline JSON each SELECT read (the test's own reads begin with a comment). */
function spyOnReads(): { reads: string[][]; restore: () => void } {
  const reads: string[][] = [];
  const original = db.pool.query.bind(db.pool);
  const spy = ((text: unknown, values?: unknown[]) => {
    if (typeof text === 'string' && /^\s*SELECT\b[^;]*\bextra\b/.test(text)) reads.push([...((values?.[0] as string[] | undefined) ?? ['(all)'])]);
    return original(text as string, values);
  }) as typeof db.pool.query;
  db.pool.query = spy;
  return { reads, restore: () => (db.pool.query = original) };
}

describe('BaselineCache', () => {
  it('returns what the table holds, and rereads only the baselines recomputed since', async () => {
    const cache = new BaselineCache();
    const spy = spyOnReads();
    try {
      expect(Object.fromEntries(await cache.load(db.pool))).toEqual(await stored());
      expect(spy.reads.flat().sort()).toEqual(TICKERS);

      // nothing recomputed: no baseline is read again
      spy.reads.length = 0;
      expect(Object.fromEntries(await cache.load(db.pool))).toEqual(await stored());
      expect(spy.reads).toEqual([]);

      // one market traded and was recomputed: only it is read, and the new baseline is returned
      const trades: StoredTrade[] = Array.from({ length: 12 }, (_, i) => ({
        tradeId: `t${i}`, ticker: 'KXC-1-B', createdMs: NOW + i * 60_000, yesPrice: '0.40', noPrice: '0.60', count: '25.00', takerSide: i % 2 ? 'yes' : 'no',
      }));
      await storeTrades(db.pool, trades);
      await computeBaselinesFor(db.pool, ['KXC-1-B'], new Date(NOW + 3_600_000));
      const after = await cache.load(db.pool);
      expect(spy.reads.flat()).toEqual(['KXC-1-B']);
      expect(after.get('KXC-1-B')!.orderCount).toBeGreaterThan(0);
      expect(Object.fromEntries(after)).toEqual(await stored());
    } finally {
      spy.restore();
    }
  });

  it('forgets markets that are no longer eligible, and reads a subset for the live path', async () => {
    const cache = new BaselineCache();
    await cache.load(db.pool);
    expect(cache.size).toBe(3);
    await db.pool.query(`UPDATE markets SET eligible = false WHERE ticker = 'KXC-1-C'`);
    try {
      const all = await cache.load(db.pool);
      expect([...all.keys()].sort()).toEqual(['KXC-1-A', 'KXC-1-B']);
      expect(cache.size).toBe(2);
      const spy = spyOnReads();
      try {
        const some = await cache.load(db.pool, ['KXC-1-A']);
        expect([...some.keys()]).toEqual(['KXC-1-A']);
        expect(spy.reads).toEqual([]);
      } finally {
        spy.restore();
      }
    } finally {
      await db.pool.query(`UPDATE markets SET eligible = true WHERE ticker = 'KXC-1-C'`);
    }
  });
});

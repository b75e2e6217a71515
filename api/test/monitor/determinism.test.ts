// The same trades always give the same score: stored in two different orders (fills of one
// sweep share a timestamp), the scoring cycle reads them back in one total order (time, then
// trade id) and scores them identically.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTrades, type StoredTrade } from '../../src/monitor/ingest/trade-ingest.ts';
import { MarketMemory, scoreEligibleMarkets } from '../../src/monitor/pipeline/score-cycle.ts';

let db: Database;
const NOW = Date.UTC(2026, 10, 18, 20, 0);

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`INSERT INTO series (ticker, title, category, updated_at) VALUES ('KXD', 'D', 'Economics', now())`);
  await db.pool.query(`INSERT INTO events (event_ticker, series_ticker, title, category, updated_at) VALUES ('KXD-1', 'KXD', 'D', 'Economics', now())`);
  await db.pool.query(
    `INSERT INTO markets (ticker, event_ticker, series_ticker, title, category, status, close_time, eligible)
     VALUES ('KXD-1-A', 'KXD-1', 'KXD', 'A', 'Economics', 'active', $1, true)`,
    [new Date(NOW + 86_400_000)],
  );
}, 120_000);

afterAll(async () => {
  await db?.close();
});

function tape(): StoredTrade[] {
  const trades: StoredTrade[] = [];
  // ordinary flow over the last 14 minutes…
  for (let i = 0; i < 20; i++) {
    const price = (0.4 + (i % 3) * 0.01).toFixed(2);
    trades.push({ tradeId: `o${i}`, ticker: 'KXD-1-A', createdMs: NOW - 14 * 60_000 + i * 40_000, yesPrice: price, noPrice: (1 - Number(price)).toFixed(2), count: '10.00', takerSide: i % 2 ? 'yes' : 'no' });
  }
  // …and a sweep: eight fills at one timestamp walking the book from 41¢ to 48¢, plus a NO fill at the same moment
  for (let k = 0; k < 8; k++) {
    const price = (0.41 + k * 0.01).toFixed(2);
    trades.push({ tradeId: `s${k}`, ticker: 'KXD-1-A', createdMs: NOW - 2 * 60_000, yesPrice: price, noPrice: (1 - Number(price)).toFixed(2), count: '400.00', takerSide: 'yes' });
  }
  trades.push({ tradeId: 'n0', ticker: 'KXD-1-A', createdMs: NOW - 2 * 60_000, yesPrice: '0.40', noPrice: '0.60', count: '5.00', takerSide: 'no' });
  return trades;
}

async function scoreWith(order: StoredTrade[]) {
  await db.pool.query('DELETE FROM market_trades');
  await db.pool.query('DELETE FROM market_scores');
  for (const t of order) await storeTrades(db.pool, [t]); // one at a time: insertion order is the given order
  const { scored } = await scoreEligibleMarkets({ pool: db.pool, now: () => new Date(NOW) }, new Map(), new MarketMemory());
  const s = scored.find((m) => m.ticker === 'KXD-1-A')!;
  return { score: s.score, signals: s.signals };
}

describe('deterministic scores', () => {
  it('scores the same trades identically whatever order they were stored in', async () => {
    const forward = await scoreWith(tape());
    const backward = await scoreWith(tape().reverse());
    const shuffled = await scoreWith(tape().sort((a, b) => (a.tradeId.charCodeAt(1) * 7919) % 13 - (b.tradeId.charCodeAt(1) * 7919) % 13 || (a.tradeId < b.tradeId ? 1 : -1)));
    expect(backward).toEqual(forward);
    expect(shuffled).toEqual(forward);
    // the sweep's eight fills are one order, priced at its last (highest) fill, whatever the storage order
    expect(forward.signals.tradeSize.facts).toMatchObject({ maxOrderSize: 3200, maxOrderPrice: 0.48 });
  });
});

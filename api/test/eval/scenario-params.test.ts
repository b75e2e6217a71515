// The exchange scenario params the evaluation sizes from each market's activity
// (exchange/src/scenarios/scenarios.ts), on the generated universe and on a tape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningExchange, startExchange } from '@sentinel/exchange';

const START = '2027-03-09T16:00:00Z';
const post = async (ex: RunningExchange, body: unknown) => {
  const r = await fetch(`${ex.baseUrl}/_exchange/scenarios`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { scenario: { id: string; market_tickers: string[]; trade_ids: string[] } } };
};
const tradesOf = (ex: RunningExchange, id: string) => ex.engine.stored.filter((t) => t.scenarioId === id);

describe('scenario params (generated universe)', () => {
  let ex: RunningExchange;
  let tickers: string[];
  let event: { ticker: string; markets: string[] };
  beforeAll(async () => {
    ex = await startExchange({ markets: 300, historyDays: 1, seed: 77, speed: 0, startTime: START });
    const now = ex.now() / 1000;
    const open = ex.engine.u.markets.filter((m) => !m.isMve && ex.engine.model.status(m, now) === 'active' && m.closeS > now + 86_400);
    tickers = open.map((m) => m.ticker);
    const ev = ex.engine.u.events.find((e) => e.markets.length >= 3 && e.markets.every((i) => open.includes(ex.engine.u.markets[i]!)))!;
    event = { ticker: ev.ticker, markets: ev.markets.map((i) => ex.engine.u.markets[i]!.ticker) };
  });
  afterAll(() => ex.close());

  it('a whale of `count` contracts is one trade of exactly that size', async () => {
    const { status, body } = await post(ex, { type: 'whale_trade', market_ticker: tickers[0], params: { count: 123.45, impact: 0.02, depth_factor: 0.5, refill_s: 300 } });
    expect(status).toBe(201);
    expect(tradesOf(ex, body.scenario.id).map((t) => t.cc)).toEqual([12_345]);
  });
  it('split accumulation pieces are equal when the total divides', async () => {
    const { body } = await post(ex, { type: 'split_accumulation', market_ticker: tickers[1], params: { count: 90, pieces: 12, duration_s: 1800 } });
    const cc = tradesOf(ex, body.scenario.id).map((t) => t.cc);
    expect(cc).toHaveLength(12);
    expect(new Set(cc)).toEqual(new Set([750]));
  });
  it('`size` sets the base of price jump, burst and off-hours trades', async () => {
    const jump = await post(ex, { type: 'price_jump', market_ticker: tickers[2], params: { delta: 0.1, trades: 20, size: 3 } });
    for (const t of tradesOf(ex, jump.body.scenario.id)) expect(t.cc).toBeGreaterThanOrEqual(300), expect(t.cc).toBeLessThanOrEqual(1200);
    const burst = await post(ex, { type: 'trade_burst', market_ticker: tickers[3], params: { trades: 30, duration_s: 180, size: 2 } });
    const b = tradesOf(ex, burst.body.scenario.id);
    expect(b).toHaveLength(30);
    for (const t of b) expect(t.cc).toBeGreaterThanOrEqual(100), expect(t.cc).toBeLessThanOrEqual(500);
    const night = await post(ex, { type: 'off_hours', market_ticker: tickers[4], params: { trades: 5, size: 40 } });
    for (const t of tradesOf(ex, night.body.scenario.id)) expect(t.cc).toBeGreaterThanOrEqual(4000), expect(t.cc).toBeLessThanOrEqual(8000);
  });
  it('a correlated move leads with lead_ticker and sizes each market from `sizes`', async () => {
    const lead = event.markets[1]!;
    const sizes = Object.fromEntries(event.markets.map((t, i) => [t, 1 + 10 * i]));
    const { status, body } = await post(ex, { type: 'correlated_event_move', event_ticker: event.ticker, params: { delta: 0.1, lead_ticker: lead, sizes, trades: 4 } });
    expect(status).toBe(201);
    expect(body.scenario.market_tickers).toEqual(event.markets);
    const trades = tradesOf(ex, body.scenario.id);
    for (const [t, s] of Object.entries(sizes)) {
      const mine = trades.filter((x) => ex.engine.u.markets[x.mkt]!.ticker === t);
      expect(mine).toHaveLength(4);
      for (const x of mine) expect(x.cc).toBeGreaterThanOrEqual(s * 100), expect(x.cc).toBeLessThanOrEqual(s * 300);
    }
    const bad = await post(ex, { type: 'correlated_event_move', event_ticker: event.ticker, params: { lead_ticker: 'NOPE' } });
    expect(bad.status).toBe(400);
  });
  it('without the new params the defaults are unchanged (sizes from the market scale)', async () => {
    const m = ex.engine.market(tickers[5]!)!;
    const { body } = await post(ex, { type: 'trade_burst', market_ticker: m.ticker });
    const b = tradesOf(ex, body.scenario.id);
    expect(b).toHaveLength(80);
    for (const t of b) expect(t.cc).toBeLessThanOrEqual(Math.round(m.sizeScale * 250) + 1);
  });
});

describe('scenarios on a tape', () => {
  let ex: RunningExchange;
  const T0 = Date.parse('2027-03-01T14:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  beforeAll(async () => {
    const lines = [
      { type: 'market', ticker: 'KXT-27MAR05-A', event_ticker: 'KXT-27MAR05', open_time: iso(T0 - 86_400_000), close_time: iso(T0 + 5 * 86_400_000) },
      { type: 'market', ticker: 'KXT-27MAR05-B', event_ticker: 'KXT-27MAR05', open_time: iso(T0 - 86_400_000), close_time: iso(T0 + 5 * 86_400_000) },
      // the first trade is at 20¢ (the model's fair value); the market has moved to 70¢ since
      { type: 'trade', trade_id: 't1', ticker: 'KXT-27MAR05-A', count_fp: '5.00', yes_price_dollars: '0.2000', taker_outcome_side: 'yes', created_time: iso(T0) },
      { type: 'trade', trade_id: 't2', ticker: 'KXT-27MAR05-A', count_fp: '5.00', yes_price_dollars: '0.7000', taker_outcome_side: 'yes', created_time: iso(T0 + 3_600_000) },
      { type: 'trade', trade_id: 't3', ticker: 'KXT-27MAR05-B', count_fp: '5.00', yes_price_dollars: '0.3000', taker_outcome_side: 'yes', created_time: iso(T0 + 3_600_000) },
      { type: 'book', ticker: 'KXT-27MAR05-B', ts: iso(T0 + 3_600_000), yes_dollars: [['0.2900', '100.00'], ['0.2800', '200.00']], no_dollars: [['0.6900', '100.00'], ['0.6800', '50.00']] },
      { type: 'trade', trade_id: 't4', ticker: 'KXT-27MAR05-A', count_fp: '5.00', yes_price_dollars: '0.7000', taker_outcome_side: 'yes', created_time: iso(T0 + 7_200_000) },
    ];
    ex = await startExchange({ tapeText: lines.map((l) => JSON.stringify(l)).join('\n'), speed: 0 });
    ex.engine.clock.set(T0 + 2 * 3_600_000);
  });
  afterAll(() => ex.close());

  it('a market that recorded no books gets a modeled one around its last recorded trade: a whale trades at it, moves it and thins it', async () => {
    const a = ex.engine.u.marketByTicker.get('KXT-27MAR05-A')!; // the market's index
    type Book = { yes: [number, number][]; no: [number, number][] };
    const mid = (b: Book) => (b.yes[0]![0] + 10000 - b.no[0]![0]) / 2;
    const depth = (b: Book) => [...b.yes, ...b.no].reduce((sum, [, cc]) => sum + cc, 0);
    const before = ex.engine.book(a);
    expect(before.yes.length).toBeGreaterThan(1);
    expect(before.no.length).toBeGreaterThan(1);
    expect(Math.abs(mid(before) - 7000)).toBeLessThanOrEqual(150); // the last recorded trade (70¢), not the model's 20¢
    const now = ex.now();
    const { body } = await post(ex, { type: 'whale_trade', market_ticker: 'KXT-27MAR05-A', at: now, params: { count: 50, impact: 0.05, depth_factor: 0.5, refill_s: 600 } });
    const [t] = tradesOf(ex, body.scenario.id);
    expect(t!.price).toBe(10000 - before.no[0]![0]); // a YES taker lifts the modeled ask
    const swept = ex.engine.book(a);
    expect(mid(swept) - mid(before)).toBeGreaterThanOrEqual(350);
    expect(depth(swept)).toBeLessThan(depth(before)); // same 30-second bucket: the same levels, thinned
    expect(swept.yes.length).toBeLessThan(before.yes.length);
    ex.engine.clock.set(now + 700_000);
    const refilled = ex.engine.book(a);
    expect(mid(refilled) - mid(before)).toBeGreaterThanOrEqual(350); // the move stays; the depth comes back
    expect(refilled.yes.length).toBe(before.yes.length);
  });
  it('on a market with recorded books: trades at the book, a jump shifts it, a drain thins it', async () => {
    const now = ex.now();
    const jump = await post(ex, { type: 'price_jump', market_ticker: 'KXT-27MAR05-B', at: now, params: { delta: 0.1, trades: 2, size: 1 } });
    expect(tradesOf(ex, jump.body.scenario.id).map((t) => t.price)).toEqual([4100, 4100]); // ask 31¢ + 10¢
    const shifted = ex.engine.book(ex.engine.u.marketByTicker.get('KXT-27MAR05-B')!);
    expect(shifted.yes[0]).toEqual([3900, 10_000]);
    await post(ex, { type: 'liquidity_drain', market_ticker: 'KXT-27MAR05-B', at: now + 1000, params: { factor: 0.5, extra_spread_cents: 1, duration_s: 600 } });
    ex.engine.clock.set(now + 2000);
    const thin = ex.engine.book(ex.engine.u.marketByTicker.get('KXT-27MAR05-B')!);
    expect(thin.yes).toEqual([[3800, 10_000]]);
    ex.engine.clock.set(now + 700_000);
    expect(ex.engine.book(ex.engine.u.marketByTicker.get('KXT-27MAR05-B')!).yes[0]).toEqual([3900, 10_000]);
  });
});

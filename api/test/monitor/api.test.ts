import { createSentinelClient } from '@sentinel/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/lib/event-bus.ts';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from '../support/app.ts';

let t: TestApp;
const events = new EventBus();
const now = new Date('2026-11-21T15:00:00Z');

async function seed() {
  const p = t.db.prisma;
  await p.series.createMany({ data: [{ ticker: 'KXPOL', title: 'Politics', category: 'Politics' }, { ticker: 'KXECO', title: 'Economy', category: 'Economics' }] });
  await p.event.createMany({
    data: [
      { eventTicker: 'KXPOL-26', seriesTicker: 'KXPOL', title: 'Who wins the vote?', category: 'Politics' },
      { eventTicker: 'KXECO-26', seriesTicker: 'KXECO', title: 'CPI above 3%?', category: 'Economics' },
    ],
  });
  const market = (ticker: string, event: string, category: string, composite: number | null, label: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | null) => ({
    ticker,
    eventTicker: event,
    seriesTicker: event.split('-')[0]!,
    title: `Market ${ticker}`,
    yesSubTitle: `Yes for ${ticker}`,
    category,
    status: 'active',
    closeTime: new Date('2026-12-01T00:00:00Z'),
    yesBid: '0.4100',
    yesAsk: '0.4300',
    volume: '12345.67',
    volume24h: '1000.00',
    openInterest: '5000.00',
    eligible: true,
    latestComposite: composite,
    latestLabel: label,
    latestScoredAt: composite === null ? null : now,
  });
  await p.market.createMany({
    data: [
      market('KXPOL-26-A', 'KXPOL-26', 'Politics', 81.5, 'CRITICAL'),
      market('KXPOL-26-B', 'KXPOL-26', 'Politics', 40, 'MEDIUM'),
      market('KXPOL-26-C', 'KXPOL-26', 'Politics', 10, 'LOW'),
      market('KXECO-26-X', 'KXECO-26', 'Economics', 60, 'HIGH'),
      market('KXECO-26-Y', 'KXECO-26', 'Economics', null, null),
    ],
  });
  await p.marketScore.create({
    data: {
      ticker: 'KXPOL-26-A', scoredAt: now, tradeSize: 100, priceImpact: 90, liquidity: 50, clustering: 20, timing: 0, crossMarket: 0,
      composite: 81.5, label: 'CRITICAL', gatePassed: true, explanation: 'A 5,000-contract YES trade was 200× the median.',
      details: { baselineStatus: 'ok', facts: { tradeSize: { maxOrderSize: 5000 } } },
    },
  });
  await p.marketTrade.create({ data: { tradeId: 't1', ticker: 'KXPOL-26-A', createdTime: now, yesPrice: '0.4200', noPrice: '0.5800', count: '5000.00', takerOutcomeSide: 'yes' } });
  await p.alert.create({
    data: {
      ticker: 'KXPOL-26-A', createdAt: now, composite: 81.5, label: 'CRITICAL', explanation: 'whale', dedupKey: 'KXPOL-26-A@x',
      signals: { tradeSize: { score: 100, weight: 30 } }, baseline: { tradeSizeMedian: 25 }, triggerTrades: [{ tradeId: 't1', count: 5000 }],
    },
  });
}

beforeAll(async () => {
  t = await createTestApp({ events, now: () => now });
  await seed();
});
afterAll(async () => t?.close());

const anon = () => createSentinelClient({ baseUrl: 'http://sentinel.test', fetch: async (r: Request) => t.app.fetch(r) });
const admin = () => createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => t.app.fetch(r) });

describe('GET /api/markets', () => {
  it('lists Medium and above by score for the dashboard, prices as exact strings', async () => {
    const { data } = await anon().GET('/api/markets', { params: { query: { minLabel: 'MEDIUM' } } });
    expect(data!.markets.map((m) => m.ticker)).toEqual(['KXPOL-26-A', 'KXECO-26-X', 'KXPOL-26-B']);
    expect(data!.total).toBe(3);
    expect(data!.markets[0]).toMatchObject({ yesBid: '0.41', volume: '12345.67', eventTitle: 'Who wins the vote?', score: { label: 'CRITICAL', composite: 81.5 }, userState: null });
  });

  it('filters by label, category and search, and pages', async () => {
    expect((await anon().GET('/api/markets', { params: { query: { label: 'HIGH' } } })).data!.markets.map((m) => m.ticker)).toEqual(['KXECO-26-X']);
    expect((await anon().GET('/api/markets', { params: { query: { category: 'economics' } } })).data!.total).toBe(2);
    expect((await anon().GET('/api/markets', { params: { query: { search: 'vote' } } })).data!.total).toBe(3);
    const page = await anon().GET('/api/markets', { params: { query: { limit: 2, offset: 2 } } });
    expect(page.data!.markets).toHaveLength(2);
    expect(page.data!.total).toBe(5);
  });

  it('keeps the watchlist private and hides dismissed markets', async () => {
    expect((await t.app.request('/api/markets?watched=true')).status).toBe(401);
    expect((await admin().POST('/api/markets/{ticker}/watch', { params: { path: { ticker: 'KXECO-26-X' } } })).data).toEqual({ ticker: 'KXECO-26-X', watched: true, dismissed: false });
    expect((await admin().GET('/api/markets', { params: { query: { watched: 'true' } } })).data!.markets.map((m) => m.ticker)).toEqual(['KXECO-26-X']);
    await admin().POST('/api/markets/{ticker}/dismiss', { params: { path: { ticker: 'KXPOL-26-B' } } });
    expect((await anon().GET('/api/markets', { params: { query: { minLabel: 'MEDIUM' } } })).data!.markets.map((m) => m.ticker)).not.toContain('KXPOL-26-B');
    expect((await admin().GET('/api/markets', { params: { query: { minLabel: 'MEDIUM', includeDismissed: 'true' } } })).data!.markets.find((m) => m.ticker === 'KXPOL-26-B')!.userState).toEqual({ watched: false, dismissed: true });
    await admin().DELETE('/api/markets/{ticker}/dismiss', { params: { path: { ticker: 'KXPOL-26-B' } } });
    await admin().DELETE('/api/markets/{ticker}/watch', { params: { path: { ticker: 'KXECO-26-X' } } });
    expect((await admin().GET('/api/markets', { params: { query: { watched: 'true' } } })).data!.total).toBe(0);
    expect((await t.app.request('/api/markets/KXECO-26-X/watch', { method: 'POST' })).status).toBe(401);
    expect((await admin().POST('/api/markets/{ticker}/watch', { params: { path: { ticker: 'NOPE-1' } } })).response.status).toBe(404);
  });

  it('rejects bad query values with a problem listing the fields', async () => {
    const response = await t.app.request('/api/markets?label=HUGE&limit=100000&sort=random');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(['query.label', 'query.limit', 'query.sort']);
  });
});

describe('GET /api/markets/{ticker}', () => {
  it('returns the breakdown with weights, history, trades, explanation and alerts', async () => {
    const { data } = await anon().GET('/api/markets/{ticker}', { params: { path: { ticker: 'KXPOL-26-A' }, query: {} } });
    expect(data!.score!.signals.map((s) => [s.name, s.weight, s.score])).toEqual([
      ['tradeSize', 30, 100],
      ['priceImpact', 25, 90],
      ['liquidity', 20, 50],
      ['clustering', 15, 20],
      ['timing', 5, 0],
      ['crossMarket', 5, 0],
    ]);
    expect(data!.score!.signals[0]!.facts).toEqual({ maxOrderSize: 5000 });
    expect(data!.score!.explanation).toContain('5,000-contract');
    expect(data!.trades[0]).toMatchObject({ tradeId: 't1', count: '5000', takerSide: 'yes' });
    expect(data!.history).toHaveLength(1);
    expect(data!.alerts[0]).toMatchObject({ label: 'CRITICAL', marketTitle: 'Market KXPOL-26-A' });
  });

  it('gives exact decimals, ISO times, the latest book, the baseline and the signed-in state, all from one query', async () => {
    const p = t.db.prisma;
    const ticker = 'KXECO-26-X';
    await p.orderbookSnapshot.createMany({
      data: [
        { ticker, capturedAt: new Date(now.getTime() - 60_000), bestYesBid: '0.3000', bestYesAsk: '0.3500', spread: '0.0500', yesDepth: '1.00', noDepth: '1.00', yesDepthDollars: '0.300000', noDepthDollars: '0.650000', levels: { yes: [], no: [] } },
        { ticker, capturedAt: now, bestYesBid: '0.4100', bestYesAsk: null, spread: null, yesDepth: '250.50', noDepth: '0.00', yesDepthDollars: '102.705000', noDepthDollars: '0.000000', levels: { yes: [['0.4100', '250.50']], no: [] } },
      ],
    });
    await p.baseline.create({
      data: {
        ticker, computedAt: now, windowStart: new Date(now.getTime() - 7 * 86_400_000), windowEnd: now, tradeCount: 40, tradeSizeMedian: 10, tradeSizeMad: 2,
        tradeSizeP99: 90, tradesPerHourMedian: 1, tradesPerHourMad: 0.5, priceMoveMedian: 0.01, priceMoveMad: 0.005, hourlyProfile: [], extra: { tradeSizeMedian: 10 },
      },
    });
    await p.marketTrade.createMany({
      data: [
        { tradeId: 'x1', ticker, createdTime: new Date(now.getTime() - 1000), yesPrice: '0.0100', noPrice: '0.9900', count: '0.50', takerOutcomeSide: 'no' },
        { tradeId: 'x2', ticker, createdTime: new Date(now.getTime() - 123), yesPrice: '0.4150', noPrice: '0.5850', count: '12.00', takerOutcomeSide: 'yes' },
      ],
    });
    await p.marketScore.createMany({
      data: [49, 1, 0.25].map((hoursAgo, i) => ({
        ticker, scoredAt: new Date(now.getTime() - hoursAgo * 3600_000), tradeSize: i, priceImpact: 0, liquidity: 0, clustering: 0, timing: 0, crossMarket: 0,
        composite: 10 * i, label: 'LOW' as const, gatePassed: false, explanation: `score ${i}`,
      })),
    });
    const { data } = await admin().GET('/api/markets/{ticker}', { params: { path: { ticker }, query: {} } });
    expect(data!.market).toMatchObject({ yesBid: '0.41', yesAsk: '0.43', lastPrice: null, volume: '12345.67', volume24h: '1000', openInterest: '5000', closeTime: '2026-12-01T00:00:00.000Z', eventTitle: 'CPI above 3%?', seriesTitle: 'Economy', userState: { watched: false, dismissed: false } });
    expect(data!.trades).toEqual([
      { tradeId: 'x2', createdTime: '2026-11-21T14:59:59.877Z', yesPrice: '0.415', noPrice: '0.585', count: '12', takerSide: 'yes' },
      { tradeId: 'x1', createdTime: '2026-11-21T14:59:59.000Z', yesPrice: '0.01', noPrice: '0.99', count: '0.5', takerSide: 'no' },
    ]);
    expect(data!.book).toEqual({ capturedAt: '2026-11-21T15:00:00.000Z', bestYesBid: '0.41', bestYesAsk: null, spread: null, yesDepth: '250.5', noDepth: '0', yesDepthDollars: '102.705', noDepthDollars: '0', levels: { yes: [['0.4100', '250.50']], no: [] } });
    expect(data!.baseline).toEqual({ tradeSizeMedian: 10, computedAt: '2026-11-21T15:00:00.000Z' });
    // The default window is 48 hours, oldest first; the latest score is the newest of all.
    expect(data!.history.map((h) => [h.scoredAt, h.composite])).toEqual([['2026-11-21T14:00:00.000Z', 10], ['2026-11-21T14:45:00.000Z', 20]]);
    expect(data!.score).toMatchObject({ composite: 20, explanation: 'score 2', scoredAt: '2026-11-21T14:45:00.000Z', baselineStatus: 'ok' });
    const { data: wide } = await anon().GET('/api/markets/{ticker}', { params: { path: { ticker }, query: { historyHours: 72 } } });
    expect(wide!.history).toHaveLength(3);
    expect(wide!.market.userState).toBeNull();
    const { data: a } = await anon().GET('/api/markets/{ticker}', { params: { path: { ticker: 'KXPOL-26-A' }, query: {} } });
    expect(a!.alerts[0]!.createdAt).toBe('2026-11-21T15:00:00.000Z');
    expect(a!.book).toBeNull();
    expect(a!.baseline).toBeNull();
  });

  it('answers 404 for an unknown market and 400 for a malformed ticker', async () => {
    expect((await t.app.request('/api/markets/NOPE-1')).status).toBe(404);
    expect((await t.app.request('/api/markets/bad%20ticker%3B')).status).toBe(400);
  });
});

describe('alerts, model, summary, stream', () => {
  it('lists alerts with a label filter', async () => {
    expect((await anon().GET('/api/alerts', { params: { query: { label: 'CRITICAL' } } })).data!.alerts).toHaveLength(1);
    expect((await anon().GET('/api/alerts', { params: { query: { label: 'HIGH' } } })).data!.alerts).toHaveLength(0);
    const id = (await anon().GET('/api/alerts', { params: { query: {} } })).data!.alerts[0]!.id;
    expect((await anon().GET('/api/alerts/{id}', { params: { path: { id } } })).data!.triggerTrades).toEqual([{ tradeId: 't1', count: 5000 }]);
    expect((await t.app.request('/api/alerts/not-a-uuid')).status).toBe(400);
  });

  it('publishes the scoring model and a summary', async () => {
    const model = (await anon().GET('/api/monitor/model')).data as { scoring: { weights: Record<string, number> }; alerts: { cooldownMinutes: number } };
    expect(model.scoring.weights).toEqual({ tradeSize: 30, priceImpact: 25, liquidity: 20, clustering: 15, timing: 5, crossMarket: 5 });
    expect(model.alerts.cooldownMinutes).toBe(240);
    const summary = (await anon().GET('/api/monitor/summary')).data!;
    expect(summary).toMatchObject({ tracked: 5, eligible: 5, alerts24h: 1, labels: { CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1 } });
  });

  it('streams alerts as server-sent events', async () => {
    const response = await t.app.request('/api/stream');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    text += decoder.decode((await reader.read()).value);
    expect(text).toContain('event: ready');
    events.emit('alert', { id: 'a', ticker: 'KXPOL-26-A', composite: 90, label: 'CRITICAL', createdAt: now.toISOString(), isEscalation: true, explanation: 'x' });
    while (!text.includes('event: alert')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"ticker":"KXPOL-26-A"');
    await reader.cancel();
  });
});

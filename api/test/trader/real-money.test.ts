// The real-money gaps of issue 15, each closed end to end against the local exchange: a stop
// never fires on a book that cannot trade and never sells below its floor; one position per
// ticker; paper and live kept apart (breakers, reports, calibration); the live confirmation
// bound to this process and key; collateral per shard; fills from the create response, confirmed
// by reconcile; a minimum reward-to-risk after fees; settings looser than the spec need a second
// confirmation; months cut in US Eastern with a correct pricing insight.
import { createSentinelClient } from '@sentinel/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CONFIRMATION, LOOSER_THAN_SPEC_CONFIRMATION } from '../../src/trader/constants.ts';
import { decToCenti, decToMicros } from '../../src/trader/money.ts';
import { monthlyAnalysis, previousMonth } from '../../src/trader/reports/monthly.ts';
import { MODE_SETTING_KEY } from '../../src/trader/state.ts';
import type { FakeAnthropic } from '../support/fakes/anthropic.ts';
import { type TestApp, TEST_ADMIN_TOKEN } from '../support/app.ts';
import { aiPick, startTestExchange, startTraderWorld, testServices } from './support.ts';

let t: TestApp;
let ai: FakeAnthropic;
let ex: Awaited<ReturnType<typeof startTestExchange>>;
let world: Awaited<ReturnType<typeof startTraderWorld>>;

const api = () => createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => t.app.fetch(r) });
const runJob = async (name: string) => {
  const { data } = await api().POST('/api/jobs/{name}/run', { params: { path: { name } } });
  expect(data, name).toMatchObject({ status: 'SUCCEEDED' });
  return data!.counts! as Record<string, number>;
};
const control = async (method: 'POST' | 'PUT', path: string, body: unknown = {}) => {
  const r = await fetch(`${ex.ex.baseUrl}/_exchange${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status, path).toBeLessThan(300);
  return r.json();
};
const used = new Set<string>();

beforeAll(async () => {
  world = await startTraderWorld({ aiKey: 'sk-ant-test-real-money-0123456789' });
  ({ t, ai, ex } = world);
});
afterAll(async () => world?.close());

/** YES candidates not used by an earlier step. */
async function fresh(n: number) {
  const { data } = await api().GET('/api/trading/qualifying');
  const yes = data!.samples.filter((s) => s.side === 'YES' && !used.has(s.ticker));
  expect(yes.length).toBeGreaterThanOrEqual(n);
  const out = yes.slice(0, n);
  for (const c of out) used.add(c.ticker);
  return out;
}

const choose = (...picks: ReturnType<typeof aiPick>[]) => ai.reply({ kind: 'tool', input: { selected_contracts: picks, total_allocated: picks.reduce((a, p) => a + p.allocation, 0), strategy_notes: '' } });
const lastDecisionChecks = async () => (await api().GET('/api/trading/decisions', { params: { query: { limit: 1 } } })).data!.decisions[0]!.checks;

describe('the real-money gaps, closed', () => {
  let a = '';
  let b = '';

  it('one position per ticker: a second scan the same day never buys a ticker already held', async () => {
    const [ca, cb] = await fresh(2);
    a = ca!.ticker;
    b = cb!.ticker;
    choose(aiPick(ca!, 25), aiPick(cb!, 25));
    expect(await runJob('daily-scan')).toMatchObject({ ordersPlaced: 2, positionsOpened: 2 });

    const [cc] = await fresh(1);
    choose(aiPick(ca!, 25));
    const counts = await runJob('daily-scan');
    expect(counts).toMatchObject({ ordersPlaced: 0 });
    // Held tickers are not offered again, and a pick of one anyway is refused as held.
    const user = (ai.requests.at(-1)!.body.messages as { content: string }[])[0]!.content;
    const offered = (JSON.parse(user.split('<input_json>\n')[1]!.split('\n</input_json>')[0]!) as { untrusted_market_data: { candidates: { ticker: string }[] } }).untrusted_market_data.candidates.map((c) => c.ticker);
    expect(offered).not.toContain(a);
    expect(offered).toContain(cc!.ticker);
    expect(await lastDecisionChecks()).toContainEqual(expect.objectContaining({ check: 'one-position-per-ticker', passed: false, ticker: a }));
    expect(await t.db.prisma.position.count({ where: { ticker: a } })).toBe(1);
    // Allowing it is looser than the spec: it needs the second confirmation.
    const loosen = await t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ allowAddingToPositions: true }) });
    expect(loosen.status).toBe(409);
  });

  it('no stop on a closed or halted market: a data problem, not a loss, and never a breaker trip', async () => {
    await control('POST', `/markets/${a}/close`);
    await control('PUT', '/status', { trading_active: false });
    for (let i = 0; i < 4; i++) {
      const counts = await runJob('stop-loss');
      expect(counts).toMatchObject({ triggered: 0, sold: 0, dataProblems: 2 });
    }
    await control('PUT', '/status', { trading_active: true });
    // The closed market (book or no book) still cannot be priced; the halted one trades again.
    const after = await runJob('stop-loss');
    expect(after).toMatchObject({ triggered: 0, dataProblems: 1 });
    expect(await t.db.prisma.stopLossEvent.count()).toBe(0);
    expect(await t.db.prisma.tradingPause.count({ where: { resumedAt: null } })).toBe(0);
    expect((await t.db.prisma.position.findFirstOrThrow({ where: { ticker: a } })).status).toBe('OPEN');
    const { data: logs } = await api().GET('/api/logs', { params: { query: { source: 'trader:stop-loss', limit: 50 } } });
    expect(logs!.errors.some((e) => e.message.includes(a) && e.message.includes('data problem'))).toBe(true);
  });

  it('the stop is a stop-limit: a gap below the floor holds the position, a fall above it sells no lower than the floor', async () => {
    await control('POST', `/markets/${b}/price`, { price_dollars: '0.50' });
    for (let i = 0; i < 3; i++) expect(await runJob('stop-loss')).toMatchObject({ triggered: 1, sold: 0 });
    const p = await t.db.prisma.position.findFirstOrThrow({ where: { ticker: b }, include: { stopLossEvents: true } });
    expect(p.status).toBe('OPEN');
    expect(p.stopLossEvents).toHaveLength(3);
    expect(p.stopLossEvents.every((e) => e.exitPrice === null && e.reason.includes('floor'))).toBe(true);
    expect(await t.db.prisma.traderOrder.count({ where: { ticker: b, action: 'SELL' } })).toBe(0);
    // Three runs over one position are one stop: the breaker (three stops in 24 hours) holds.
    expect(await t.db.prisma.tradingPause.count({ where: { resumedAt: null } })).toBe(0);

    await control('POST', `/markets/${b}/price`, { price_dollars: '0.76' });
    expect(await runJob('stop-loss')).toMatchObject({ triggered: 1, sold: 1 });
    const stopped = await t.db.prisma.position.findFirstOrThrow({ where: { ticker: b }, include: { orders: { where: { action: 'SELL' }, include: { fills: true } } } });
    expect(stopped.status).toBe('STOPPED');
    const sell = stopped.orders[0]!;
    expect(decToMicros(sell.limitPrice)).toBeGreaterThanOrEqual(700_000n);
    for (const f of sell.fills) expect(decToMicros(f.price)).toBeGreaterThanOrEqual(700_000n);
  });

  it('a minimum reward-to-risk after fees: the default refuses a NO entry at 99¢', async () => {
    // A market whose YES is at 1–2¢: NO is the favourite, and its limit is the 99¢ cap.
    const { data: q } = await api().GET('/api/trading/qualifying');
    const cn = q!.samples.find((s) => s.side === 'NO' && s.limit === '0.99');
    expect(cn).toBeDefined();
    choose(aiPick(cn!, 30, { side: 'NO', probability: 0.999 }));
    const { data } = await api().POST('/api/trading/diagnostics/ai');
    expect(data!.wouldPlace).toEqual([]);
    expect(data!.decision.checks).toContainEqual(expect.objectContaining({ check: 'reward-to-risk', passed: false, ticker: cn!.ticker }));
  });

  it('settings cannot loosen the spec without a second confirmation, nor pass the hard floors at all', async () => {
    const put = (body: object) => t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const loose = await put({ minYesPrice: 0.7, stopLossPrice: 0.6, maxDaysToClose: 5 });
    expect(loose.status).toBe(409);
    expect(((await loose.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['json.minYesPrice', 'json.maxDaysToClose', 'json.stopLossPrice']);
    expect((await put({ minDepthDollars: 0, confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION })).status).toBe(400);
    const { data } = await api().GET('/api/settings');
    expect(data).toMatchObject({ minYesPrice: 0.85, stopLossPrice: 0.8, maxDaysToClose: 2, minDepthDollars: 50, minRewardToRisk: 0.01, allowAddingToPositions: false, stopLossFloorPrice: 0.7 });
  });

  it('the live confirmation holds for this process and this Kalshi key only', async () => {
    const confirm = () => api().POST('/api/trading/mode', { body: { mode: 'live', confirm: LIVE_CONFIRMATION } });
    expect((await confirm()).data).toMatchObject({ mode: 'LIVE', liveConfirmed: true });
    const stored = async (patch: Record<string, unknown>) => {
      const row = await t.db.prisma.setting.findUniqueOrThrow({ where: { key: MODE_SETTING_KEY } });
      await t.db.prisma.setting.update({ where: { key: MODE_SETTING_KEY }, data: { value: { ...(row.value as object), ...patch } as never } });
    };
    // What a restart looks like: the stored confirmation names another process start.
    await stored({ bootId: 'an-earlier-process' });
    let s = (await api().GET('/api/trading/summary')).data!;
    expect(s).toMatchObject({ mode: 'PAPER', liveConfirmed: false, modeReason: expect.stringMatching(/before this process started/) });
    expect((await confirm()).data).toMatchObject({ mode: 'LIVE' });
    // Another Kalshi key (KALSHI_API_KEY_ID changed) is not what was confirmed.
    await stored({ keyFingerprint: 'another-key' });
    s = (await api().GET('/api/trading/summary')).data!;
    expect(s).toMatchObject({ mode: 'PAPER', modeReason: expect.stringMatching(/another Kalshi API key/) });
    expect((await confirm()).data).toMatchObject({ mode: 'LIVE' });
  });

  it('paper and live are separate: paper losses pause paper only; live trades, reports and calibration stand apart', async () => {
    const now = t.deps.now!();
    for (let i = 0; i < 5; i++) {
      await t.db.prisma.position.create({
        data: { mode: 'PAPER', ticker: `PAPERLOSS-${i}`, seriesTicker: 'PAPERLOSS', category: 'Test', title: 'paper loss', side: 'YES', status: 'LOST', contracts: '10', entryPrice: '0.9', cost: '9', pnl: '-9', aiReasoning: 'x', aiConfidence: 0.95, closedAt: new Date(now.getTime() + i) },
      });
    }
    await runJob('check-resolutions');
    expect(await t.db.prisma.tradingPause.count({ where: { mode: 'PAPER', resumedAt: null } })).toBe(1);
    expect(await t.db.prisma.tradingPause.count({ where: { mode: 'LIVE', resumedAt: null } })).toBe(0);
    const s = (await api().GET('/api/trading/summary')).data!;
    expect(s).toMatchObject({ mode: 'LIVE', breaker: { paused: false } });
    // Reports and calibration by mode: the paper losses are not in live's calibration.
    const live = (await api().GET('/api/trading/reports', { params: { query: { mode: 'LIVE' } } })).data!;
    const paper = (await api().GET('/api/trading/reports', { params: { query: { mode: 'PAPER' } } })).data!;
    expect(live.mode).toBe('LIVE');
    expect(live.calibration.resolved).toBe(0);
    expect(paper.calibration.resolved).toBeGreaterThanOrEqual(5);
  });

  it('fills come from the create response when the portfolio lags, and reconcile confirms them', async () => {
    await control('PUT', '/faults', { portfolioLagMs: 600_000 });
    const [cl] = await fresh(1);
    choose(aiPick(cl!, 25));
    // Live entries proceed although paper is paused.
    expect(await runJob('daily-scan')).toMatchObject({ paused: 0, ordersPlaced: 1, positionsOpened: 1 });
    const order = await t.db.prisma.traderOrder.findFirstOrThrow({ where: { ticker: cl!.ticker, mode: 'LIVE' }, include: { fills: true } });
    expect(order.fills).toHaveLength(0);
    expect(decToCenti(order.filledCount)).toBeGreaterThan(0n);
    const opened = await t.db.prisma.position.findFirstOrThrow({ where: { ticker: cl!.ticker, mode: 'LIVE' } });
    expect(decToCenti(opened.contracts)).toBe(decToCenti(order.filledCount));
    expect(decToMicros(opened.cost)).toBeGreaterThan(0n);

    // Still lagging: nothing to import, no second position.
    expect(await runJob('trader-reconcile')).toMatchObject({ fillsImported: 0, positionsCreated: 0 });
    await control('PUT', '/faults', { portfolioLagMs: 0 });
    const rec = await runJob('trader-reconcile');
    expect(rec.fillsImported).toBeGreaterThan(0);
    expect(rec).toMatchObject({ positionsCreated: 0, positionsConfirmed: 1, positionMismatches: 0 });
    const fills = await t.db.prisma.traderFill.findMany({ where: { orderId: order.id } });
    const confirmed = await t.db.prisma.position.findFirstOrThrow({ where: { id: opened.id } });
    expect(decToMicros(confirmed.cost)).toBe(fills.reduce((x, f) => x + (decToCenti(f.count) * decToMicros(f.price)) / 100n, 0n));
    expect(decToMicros(confirmed.entryFees)).toBe(fills.reduce((x, f) => x + decToMicros(f.fee), 0n));
    expect(await t.db.prisma.position.count({ where: { ticker: cl!.ticker } })).toBe(1);
  });

  it("balances are per shard: an order is sized against its market's shard, not the whole account", async () => {
    const [cs] = await fresh(1);
    const market = (await (await fetch(`${ex.ex.url}/markets/${cs!.ticker}`)).json()) as { market: { exchange_index?: number } };
    const shard = market.market.exchange_index ?? 0;
    const other = shard === 1 ? 3 : 1;
    // Plenty of money, all of it on another shard.
    await control('POST', `/accounts/${ex.apiKeyId}/allocation`, { balance_breakdown: [{ exchange_index: shard, balance: '0.00' }, { exchange_index: other, balance: '5000.00' }] });
    const kalshi = testServices(ex.ex, { apiKeyId: ex.apiKeyId, privateKeyPem: ex.privateKeyPem }).kalshi;
    const bal = await kalshi.getBalance();
    expect(bal.balance_micros).toBe(5_000_000_000n);
    expect(bal.balance_breakdown).toContainEqual(expect.objectContaining({ exchange_index: shard, balance_micros: 0n }));
    choose(aiPick(cs!, 25));
    expect(await runJob('daily-scan')).toMatchObject({ ordersPlaced: 0 });
    expect(await t.db.prisma.traderOrder.count({ where: { ticker: cs!.ticker } })).toBe(0);
    const { data: logs } = await api().GET('/api/logs', { params: { query: { source: 'trader:order', limit: 5 } } });
    expect(logs!.errors[0]!.message).toContain(`on exchange shard ${shard}`);
    // Money moved onto the market's shard: the same pick goes through.
    await control('POST', `/accounts/${ex.apiKeyId}/allocation`, { balance_breakdown: [{ exchange_index: shard, balance: '5000.00' }] });
    choose(aiPick(cs!, 25));
    expect(await runJob('daily-scan')).toMatchObject({ ordersPlaced: 1 });
    await control('POST', `/accounts/${ex.apiKeyId}/allocation`, { balance_breakdown: [] });
  });

  it('months are cut at US Eastern midnight, apart per mode, and the insight compares the win rate with the price paid', async () => {
    // 9 ET on Oct 31 is November in UTC: it belongs to October.
    const lateOctober = new Date('2026-11-01T01:00:00Z');
    for (let i = 0; i < 10; i++) {
      const won = i < 9;
      await t.db.prisma.position.create({
        data: { mode: 'PAPER', ticker: `OCT-${i}`, seriesTicker: 'OCT', category: 'Test', title: 'october', side: 'YES', status: won ? 'WON' : 'LOST', contracts: '10', entryPrice: '0.85', cost: '8.5', proceeds: won ? '10' : '0', pnl: won ? '1.5' : '-8.5', aiReasoning: 'x', closedAt: lateOctober, openedAt: new Date('2026-10-30T12:00:00Z') },
      });
    }
    await t.db.prisma.position.create({
      data: { mode: 'LIVE', ticker: 'OCT-LIVE', seriesTicker: 'OCT', category: 'Test', title: 'october live', side: 'YES', status: 'LOST', contracts: '10', entryPrice: '0.9', cost: '9', pnl: '-9', aiReasoning: 'x', closedAt: new Date('2026-10-15T15:00:00Z'), openedAt: new Date('2026-10-14T12:00:00Z') },
    });
    expect(previousMonth(t.deps.now!()).label).toBe('October 2026');
    await runJob('monthly-analysis');
    const paper = (await api().GET('/api/trading/reports', { params: { query: { mode: 'PAPER' } } })).data!.monthly[0]!;
    expect(paper).toMatchObject({ month: '2026-10', mode: 'PAPER', totalTrades: 10, winRate: 0.9 });
    expect(paper.insights).toContain('favourites won more often than priced');
    const live = (await api().GET('/api/trading/reports', { params: { query: { mode: 'LIVE' } } })).data!.monthly[0]!;
    expect(live).toMatchObject({ month: '2026-10', mode: 'LIVE', totalTrades: 1, winRate: 0 });
    // The pure insight: 90% won at 0.85 beat its price; 80% at 0.85 did not.
    const rows = (wins: number) =>
      Array.from({ length: 10 }, (_, i) => ({ status: i < wins ? 'WON' : 'LOST', contracts: '10', cost: '8.5', entryFees: '0', pnl: i < wins ? '1.5' : '-8.5', category: 'X', seriesTicker: 'X' }) as never);
    expect(monthlyAnalysis(rows(9), 'M').insights).toContain('won more often than priced');
    expect(monthlyAnalysis(rows(8), 'M').insights).toContain('lost more often than priced');
  });
});

// The latest backtest's verdict in the product: the wording (pure), the stored reports (a
// malformed row is skipped, never served), GET /api/trading/backtest, the morning report and the
// live switch, which states the verdict before it accepts the phrase.
import { createSentinelClient } from '@sentinel/client';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/services.ts';
import type { BacktestReport, BacktestStrategy } from '../../src/trader/backtest/report.ts';
import { latestBacktestReport, saveBacktestReport } from '../../src/trader/backtest/store.ts';
import { NO_BACKTEST_VERDICT, backtestVerdict, edgeOf } from '../../src/trader/backtest/verdict.ts';
import { runMorningReport } from '../../src/trader/reports/morning-report.ts';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from '../support/app.ts';

const strategy = (over: Partial<BacktestStrategy> = {}): BacktestStrategy => ({
  name: 'rules selector',
  trades: 11,
  events: 9,
  winRate: 0.4545,
  staked: 480.5,
  pnl: -20.64,
  roi: -0.043,
  maxDrawdown: 35.1,
  fees: 6.2,
  stopped: 2,
  ci95: [-0.18, 0.096],
  ...over,
});

const report = (over: Partial<BacktestReport> = {}, main: Partial<BacktestStrategy> = {}): BacktestReport => ({
  createdAt: '2026-12-07T14:00:00Z',
  source: { kind: 'history', description: 'KXFED and KXCPI, collected', settledMarkets: 412, from: '2026-11-01T15:00:00Z', to: '2026-11-30T21:00:00Z' },
  settings: { minDepthDollars: '2000' },
  strategies: [strategy(main), strategy({ name: 'buy every candidate', trades: 28, pnl: -89.42, roi: -0.071 })],
  verdict: 'Edge not demonstrated: 11 trades are too few to tell a 4% loss from a small gain.',
  edge: 'not demonstrated',
  calibration: [{ band: '90–95¢', trades: 40, avgPrice: 0.92, avgAsk: 0.93, winRate: 0.9 }],
  ...over,
});

describe('the backtest verdict in plain words', () => {
  it('without a backtest: edge not demonstrated, and how to run one', () => {
    expect(backtestVerdict(null)).toBe(NO_BACKTEST_VERDICT);
    expect(NO_BACKTEST_VERDICT).toContain('edge not demonstrated');
    expect(NO_BACKTEST_VERDICT).toContain('npm run backtest');
    expect(edgeOf(null)).toBe('not demonstrated');
  });

  it('an interval that includes zero: the headline with the main numbers, once', () => {
    const text = backtestVerdict(report());
    expect(text).toBe(
      'Edge not demonstrated: the 95% interval of the return per dollar staked includes zero. Main strategy (rules selector): 11 trades, win rate 45.5%, ROI -4.3% (95% interval -18.0% to +9.6%), P&L -$20.64, on 412 settled markets of collected Kalshi history, 2026-11-01 to 2026-11-30; backtest run 2026-12-07.',
    );
    expect(text.match(/edge not demonstrated/gi)).toHaveLength(1);
  });

  it('says "not demonstrated" whenever the interval includes zero, even if the run claimed more', () => {
    const claimed = report({ edge: 'demonstrated', verdict: 'Edge demonstrated.' }, { ci95: [-0.01, 0.2], roi: 0.09 });
    expect(edgeOf(claimed)).toBe('not demonstrated');
    const text = backtestVerdict(claimed);
    expect(text).toMatch(/^Edge not demonstrated: the 95% interval of the return per dollar staked includes zero\./);
    expect(text).not.toContain('Edge demonstrated');
    expect(text).toContain('ROI +9.0% (95% interval -1.0% to +20.0%)');
  });

  it('an interval below zero: negative, worded as a loss', () => {
    const losing = report({ edge: 'negative', verdict: 'The strategy lost money on real Kalshi history.' }, { ci95: [-0.12, -0.03], roi: -0.07 });
    expect(edgeOf(losing)).toBe('negative');
    expect(backtestVerdict(losing)).toMatch(/^Negative edge: the 95% interval .* is below zero, so the strategy loses money\. Main strategy \(rules selector\): .*ROI -7\.0% \(95% interval -12\.0% to -3\.0%\)/);
    // A run that only said "not demonstrated" still reads as negative when its interval is below zero.
    expect(edgeOf(report({}, { ci95: [-0.12, -0.03] }))).toBe('negative');
  });

  it('an interval above zero that the run calls demonstrated: demonstrated', () => {
    const winning = report({ edge: 'demonstrated', verdict: 'Edge demonstrated on 412 markets.' }, { ci95: [0.01, 0.05], roi: 0.03, pnl: 14.4 });
    expect(edgeOf(winning)).toBe('demonstrated');
    expect(backtestVerdict(winning)).toMatch(/^Edge demonstrated: the 95% interval of the return per dollar staked is above zero\. Main strategy \(rules selector\): .*ROI \+3\.0% \(95% interval \+1\.0% to \+5\.0%\), P&L \$14\.40/);
    // Above zero but not enough for the run itself (say, too few trades): not demonstrated.
    const few = report({ edge: 'not demonstrated' }, { ci95: [0.01, 0.05], events: 12 });
    expect(edgeOf(few)).toBe('not demonstrated');
    expect(backtestVerdict(few)).toMatch(/^Edge not demonstrated: the 95% interval is above zero, but over fewer than 30 events, too few to count\./);
  });

  it('no interval, no trades and the synthetic exchange are said plainly', () => {
    expect(edgeOf(report({}, { ci95: null }))).toBe('not demonstrated');
    expect(backtestVerdict(report({}, { ci95: null, events: 1 }))).toMatch(/^Edge not demonstrated: there is no interval \(fewer than 2 events\)\..*\(no interval: fewer than 2 events\)/);
    const empty = report({ source: { kind: 'exchange', description: 'local exchange', settledMarkets: 2000, from: null, to: null } }, { trades: 0, winRate: null, roi: null, ci95: null, pnl: 0 });
    expect(backtestVerdict(empty)).toContain('Main strategy (rules selector): no trades, on 2,000 settled markets of the local exchange (synthetic markets, not Kalshi data); backtest run 2026-12-07.');
  });
});

describe('the latest backtest in the product', () => {
  let t: TestApp;
  const api = () => createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => t.app.fetch(r) });
  const prisma = () => t.db.prisma;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await prisma().backtestRun.deleteMany();
  });

  it('GET /api/trading/backtest without a backtest: null, and the null wording', async () => {
    expect(await latestBacktestReport(prisma())).toBeNull();
    const { data, response } = await api().GET('/api/trading/backtest');
    expect(response.status).toBe(200);
    expect(data).toEqual({ report: null, verdict: NO_BACKTEST_VERDICT, edge: 'not demonstrated' });
    expect((await t.app.request('/api/trading/backtest')).status).toBe(401);
  });

  it('serves the newest stored report with its verdict, skipping a malformed newer row', async () => {
    const older = report({ createdAt: '2026-12-01T10:00:00Z', source: { kind: 'exchange', description: 'local exchange', settledMarkets: 2000, from: null, to: null } });
    const latest = report();
    await saveBacktestReport(prisma(), older);
    await saveBacktestReport(prisma(), latest);
    // Newer than both, but not a report (an older run's shape, or a hand edit): never served.
    await prisma().backtestRun.create({ data: { createdAt: new Date('2026-12-08T00:00:00Z'), sourceKind: 'history', report: { verdict: 'Edge demonstrated', strategies: 'many' } } });
    const rows = await prisma().backtestRun.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.sourceKind, r.createdAt.toISOString()])).toEqual([
      ['exchange', '2026-12-01T10:00:00.000Z'],
      ['history', '2026-12-07T14:00:00.000Z'],
      ['history', '2026-12-08T00:00:00.000Z'],
    ]);
    expect(await latestBacktestReport(prisma())).toEqual(latest);
    const { data } = await api().GET('/api/trading/backtest');
    expect(data).toEqual({ report: latest, verdict: backtestVerdict(latest), edge: 'not demonstrated' });
    expect(data!.verdict).toContain('Edge not demonstrated');
    expect(data!.verdict).toContain('ROI -4.3% (95% interval -18.0% to +9.6%)');
  });

  it('the morning report carries the verdict line with its numbers', async () => {
    await saveBacktestReport(prisma(), report());
    const saved = await t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'content-type': 'application/json' }, body: JSON.stringify({ alertEmails: ['trader@example.com'] }) });
    expect(saved.status).toBe(200);
    const services = { kalshiAuthenticated: false, dryRun: true, ai: { apiKey: undefined }, secrets: [] } as unknown as Services;
    await runMorningReport({ prisma: prisma(), services, logger: pino({ level: 'silent' }), now: () => new Date('2026-12-08T12:00:00Z') });
    const email = await prisma().outbox.findFirstOrThrow({ where: { kind: 'trader-morning-report' } });
    const line = `Strategy evidence: ${backtestVerdict(report())}`;
    expect(email.text).toContain(line);
    expect(email.html).toContain('<li>Strategy evidence: Edge not demonstrated: the 95% interval of the return per dollar staked includes zero.');
    expect(email.html).toContain('ROI -4.3% (95% interval -18.0% to +9.6%)');
    expect(email.payload).toMatchObject({ backtestEdge: 'not demonstrated' });
  });

  it('switching to live states the verdict before the phrase, and in the answer', async () => {
    await saveBacktestReport(prisma(), report());
    const { error, response } = await api().POST('/api/trading/mode', { body: { mode: 'live', confirm: 'yes' } });
    expect(response.status).toBe(400);
    expect(error!.detail!.startsWith(backtestVerdict(report()))).toBe(true);
    expect(error!.detail).toMatch(/needs confirm: "I understand real money is at risk"\.$/);
    // Paper says nothing about the backtest.
    const { data } = await api().POST('/api/trading/mode', { body: { mode: 'paper' } });
    expect(data).toMatchObject({ mode: 'PAPER', backtestVerdict: null });
  });
});

// The alert step against a real database: the rules a user sets (filters, cooldown, daily
// budget), one cooldown for the cycle and the live path, and the rules recorded on each alert.
import { type Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSettings, generateAlerts } from '../../src/monitor/alerts/generate-alerts.ts';
import { createAlertNotifier } from '../../src/monitor/alerts/notify.ts';
import type { ScoredMarket } from '../../src/monitor/pipeline/score-cycle.ts';
import type { SignalResult } from '../../src/monitor/scoring/index.ts';
import { DEFAULT_SETTINGS } from '../../src/settings/settings.schema.ts';

let db: Database;
const notify = createAlertNotifier({ publicUrl: 'http://sentinel.test' });
const at = (iso: string) => new Date(iso);
const T0 = at('2026-11-18T17:00:00Z'); // noon US Eastern

const facts = (f: Record<string, number | string> = {}): SignalResult => ({ score: 0, facts: f });
function scored(ticker: string, composite: number, tradeSize: Record<string, number | string> = {}): ScoredMarket {
  return {
    ticker,
    eventTicker: 'KXPOL-26',
    signals: {
      baselineStatus: 'ok',
      tradeSize: facts({ p99TradeSize: 100, maxOrderSize: 10, maxOrderSide: 'yes', maxOrderPrice: 0.5, netFlow: 0, netSide: 'yes', surpriseAccumulation: 0, ...tradeSize }),
      priceImpact: facts({ priceNow: 0.5, surprise: 0 }),
      liquidity: facts({ surprise: 0 }),
      clustering: facts({ surprise: 0 }),
      timing: facts(),
    },
    crossMarket: facts(),
    score: {
      composite,
      label: composite >= 80 ? 'CRITICAL' : composite >= 55 ? 'HIGH' : composite >= 30 ? 'MEDIUM' : 'LOW',
      gatePassed: true,
      capped: false,
      rawComposite: composite,
      explanation: `composite ${composite}`,
      subScores: { tradeSize: 0, priceImpact: 0, liquidity: 0, clustering: 0, timing: 0, crossMarket: 0 },
    },
    trades: [],
    baseline: null,
  };
}
const whale = (ticker: string) => scored(ticker, 20, { maxOrderSize: 80_000, maxOrderPrice: 0.5 }); // $40,000, 800× p99
const run = (list: ScoredMarket[], when: Date, settings: Partial<AlertSettings> = {}) =>
  generateAlerts({ prisma: db.prisma, now: () => when, notify }, list, { ...DEFAULT_SETTINGS, ...settings }, when);

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.series.create({ data: { ticker: 'KXPOL', title: 'Politics', category: 'Politics' } });
  await db.prisma.event.create({ data: { eventTicker: 'KXPOL-26', seriesTicker: 'KXPOL', title: 'Who wins?', category: 'Politics' } });
  await db.prisma.market.createMany({
    data: ['A', 'B', 'C', 'D', 'E'].map((s) => ({
      ticker: `KXPOL-26-${s}`,
      eventTicker: 'KXPOL-26',
      seriesTicker: 'KXPOL',
      title: `Market ${s}`,
      category: 'Politics',
      status: 'active',
      closeTime: at('2026-12-01T00:00:00Z'),
      eligible: true,
    })),
  });
}, 120_000);
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.prisma.outbox.deleteMany();
  await db.prisma.alert.deleteMany();
  await db.prisma.marketUserState.deleteMany();
});

describe('generateAlerts', () => {
  it('alerts on the whale rule below the threshold and records which rule fired', async () => {
    const counts = await run([whale('KXPOL-26-A'), scored('KXPOL-26-B', 40)], T0);
    expect(counts).toMatchObject({ alertsCreated: 1, whaleRuleAlerts: 1, scoreRuleAlerts: 0 });
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { ticker: 'KXPOL-26-A' } });
    expect(alert.rules).toEqual([{ rule: 'whale', reason: expect.stringMatching(/^whale rule: one YES order of 80,000 contracts \(\$40,000\), 800× /) }]);
  });

  it('shares one cooldown between the cycle and the live path, escalations excepted', async () => {
    expect((await run([scored('KXPOL-26-A', 72)], T0)).alertsCreated).toBe(1);
    // the live path scores the same market a minute later
    expect(await run([scored('KXPOL-26-A', 75)], new Date(T0.getTime() + 60_000))).toMatchObject({ alertsCreated: 0, deduplicated: 1 });
    // …and again once the score has risen 15 points: an escalation
    const up = await run([scored('KXPOL-26-A', 88)], new Date(T0.getTime() + 120_000));
    expect(up).toMatchObject({ alertsCreated: 1, escalations: 1 });
    // after the cooldown, a fresh alert
    const later = new Date(T0.getTime() + DEFAULT_SETTINGS.alertCooldownMinutes * 60_000 + 180_000);
    expect((await run([scored('KXPOL-26-A', 72)], later)).alertsCreated).toBe(1);
  });

  it('never lets two writers racing on the same market both alert', async () => {
    const results = await Promise.all([run([scored('KXPOL-26-B', 90)], T0), run([scored('KXPOL-26-B', 91)], T0), run([whale('KXPOL-26-B')], T0)]);
    expect(results.reduce((n, c) => n + c.alertsCreated, 0)).toBe(1);
    expect(await db.prisma.alert.count({ where: { ticker: 'KXPOL-26-B' } })).toBe(1);
  });

  it('keeps dismissed markets silent by default, and to the watchlist and categories when asked', async () => {
    await db.prisma.marketUserState.create({ data: { ticker: 'KXPOL-26-C', dismissed: true } });
    await db.prisma.marketUserState.create({ data: { ticker: 'KXPOL-26-D', watched: true } });
    expect(await run([scored('KXPOL-26-C', 90)], T0)).toMatchObject({ alertsCreated: 0, alertsFiltered: 1 });
    expect((await run([scored('KXPOL-26-C', 90)], T0, { silenceDismissed: false })).alertsCreated).toBe(1);
    expect(await run([scored('KXPOL-26-A', 90), scored('KXPOL-26-D', 90)], T0, { alertWatchedOnly: true })).toMatchObject({ alertsCreated: 1, alertsFiltered: 1 });
    expect(await run([scored('KXPOL-26-E', 90)], T0, { alertCategories: ['Economics'] })).toMatchObject({ alertsCreated: 0, alertsFiltered: 1 });
    expect((await run([scored('KXPOL-26-E', 90)], T0, { alertCategories: ['politics'] })).alertsCreated).toBe(1);
  });

  it('spends the daily budget on whales first, then the strongest scores, per US Eastern day', async () => {
    const counts = await run([scored('KXPOL-26-A', 75), scored('KXPOL-26-B', 95), whale('KXPOL-26-C')], T0, { dailyAlertBudget: 2 });
    expect(counts).toMatchObject({ alertsCreated: 2, alertsOverBudget: 1 });
    expect((await db.prisma.alert.findMany({ orderBy: { ticker: 'asc' } })).map((a) => a.ticker)).toEqual(['KXPOL-26-B', 'KXPOL-26-C']);
    // 23:30 Eastern the same day: still spent; 00:30 Eastern the next day: a new budget
    expect((await run([scored('KXPOL-26-D', 90)], at('2026-11-19T04:30:00Z'), { dailyAlertBudget: 2 })).alertsOverBudget).toBe(1);
    expect((await run([scored('KXPOL-26-D', 90)], at('2026-11-19T05:30:00Z'), { dailyAlertBudget: 2 })).alertsCreated).toBe(1);
  });
});

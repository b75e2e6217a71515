// Trader test wiring: a local exchange with a registered RSA key, the synced markets copied in
// from its /markets (as the monitor's sync would), and the services pointed at loopback fakes.
import { generateKeyPairSync } from 'node:crypto';
import type { PrismaClient } from '@sentinel/db';
import { startExchange, type RunningExchange } from '@sentinel/exchange';
import pino from 'pino';
import { createLocalLock } from '../../src/jobs/locks.ts';
import { createScheduler } from '../../src/jobs/scheduler.ts';
import { createKalshiClient } from '../../src/kalshi/index.ts';
import type { Services } from '../../src/services.ts';
import { LOOSER_THAN_SPEC_CONFIRMATION } from '../../src/trader/constants.ts';
import { createTraderJobs } from '../../src/trader/jobs.ts';
import { createTestApp } from '../support/app.ts';
import { startFakeAnthropic } from '../support/fakes/anthropic.ts';

export function rsaKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/**
 * The exchange's clock, frozen (speed 0) at a fixed weekday morning: which markets are close to
 * resolution, and where their prices stand, depend on the time of day, so a trader test runs on
 * this clock (see clockFrom), not the machine's.
 */
export const TRADER_TEST_START = '2026-11-18T15:00:00Z';

/**
 * The app's and the jobs' clock for a trader test: it starts at the frozen exchange's time and
 * runs, so runs and decisions made one after another keep their order.
 */
export function clockFrom(exchange: Pick<RunningExchange, 'now'>): () => Date {
  const started = performance.now();
  return () => new Date(exchange.now() + Math.round(performance.now() - started));
}

export async function startTestExchange(opts: { markets?: number; seed?: number } = {}) {
  const keys = rsaKeys();
  const apiKeyId = 'trader-test-key';
  const ex = await startExchange({ markets: opts.markets ?? 150, historyDays: 1, seed: opts.seed ?? 7, speed: 0, startTime: TRADER_TEST_START, keys: [{ apiKeyId, publicKeyPem: keys.publicKeyPem, balanceDollars: '5000.00' }] });
  return { ex, apiKeyId, ...keys };
}

export function testServices(ex: RunningExchange, o: { apiKeyId?: string; privateKeyPem?: string; aiKey?: string; aiBaseUrl?: string; dryRun?: boolean }): Services {
  const kalshi = createKalshiClient(
    { apiBase: ex.url, apiKeyId: o.apiKeyId, privateKey: o.privateKeyPem, rateLimit: { disabled: true }, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 } },
    pino({ level: 'silent' }),
  );
  return {
    kalshi,
    kalshiAuthenticated: Boolean(o.apiKeyId),
    notifier: { email: null, webhook: { send: async () => {} }, publicUrl: 'http://localhost' },
    ai: { apiKey: o.aiKey, baseUrl: o.aiBaseUrl, model: 'claude-sonnet-5-5' },
    dryRun: o.dryRun ?? true,
    monitorBackfillHours: 0,
    secrets: [o.aiKey, o.privateKeyPem].filter((s): s is string => Boolean(s)),
  } as Services;
}

interface RawMarket {
  ticker: string;
  event_ticker: string;
  yes_sub_title?: string;
  rules_primary?: string;
  status: string;
  close_time: string;
  yes_bid_dollars?: string;
  yes_ask_dollars?: string;
  last_price_dollars?: string;
}

/** Copies the exchange's open markets, events and series into the database (the sync's job). */
export async function seedMarkets(prisma: PrismaClient, ex: RunningExchange): Promise<RawMarket[]> {
  const series = ((await (await fetch(`${ex.url}/series`)).json()) as { series: { ticker: string; title: string; category: string; fee_type: string; fee_multiplier: number }[] }).series;
  const bySeries = new Map(series.map((s) => [s.ticker, s]));
  const markets: RawMarket[] = [];
  let cursor = '';
  do {
    const page = (await (await fetch(`${ex.url}/markets?status=open&limit=1000&mve_filter=exclude${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { markets: RawMarket[]; cursor: string };
    markets.push(...page.markets);
    cursor = page.cursor;
  } while (cursor);
  await prisma.series.createMany({
    data: series.map((s) => ({ ticker: s.ticker, title: s.title, category: s.category, feeType: s.fee_type, feeMultiplier: String(s.fee_multiplier) })),
    skipDuplicates: true,
  });
  const seriesOf = (m: RawMarket) => m.event_ticker.split('-')[0]!;
  const events = [...new Set(markets.map((m) => m.event_ticker))];
  await prisma.event.createMany({
    data: events.map((e) => ({ eventTicker: e, seriesTicker: e.split('-')[0]!, title: e, category: bySeries.get(e.split('-')[0]!)?.category ?? 'Other' })),
    skipDuplicates: true,
  });
  const price = (v?: string) => (v && v !== '0.0000' && v !== '1.0000' ? v : null);
  await prisma.market.createMany({
    data: markets
      .filter((m) => bySeries.has(seriesOf(m)))
      .map((m) => ({
        ticker: m.ticker,
        eventTicker: m.event_ticker,
        seriesTicker: seriesOf(m),
        title: `${m.event_ticker}: ${m.yes_sub_title ?? ''}`,
        yesSubTitle: m.yes_sub_title ?? null,
        rulesPrimary: m.rules_primary ?? null,
        category: bySeries.get(seriesOf(m))!.category,
        status: m.status,
        closeTime: new Date(m.close_time),
        yesBid: price(m.yes_bid_dollars),
        yesAsk: price(m.yes_ask_dollars),
        lastPrice: price(m.last_price_dollars),
      })),
    skipDuplicates: true,
  });
  return markets;
}

/**
 * Settings that let the small synthetic books qualify (the exchange's books are thinner than
 * Kalshi's). That is looser than the spec's $2,000, so it comes with the second confirmation;
 * every other trader setting stays at its default.
 */
export const TEST_SETTINGS = { minDepthDollars: 50, alertEmails: ['trader@example.com'], confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION };

/**
 * The trader end to end: a 300-market exchange, a loopback Anthropic, the app on the exchange's
 * clock with the trader's jobs on one scheduler, markets seeded and TEST_SETTINGS saved.
 */
export async function startTraderWorld(o: { aiKey: string }) {
  const ex = await startTestExchange({ markets: 300 });
  const ai = await startFakeAnthropic();
  const services = testServices(ex.ex, { apiKeyId: ex.apiKeyId, privateKeyPem: ex.privateKeyPem, aiKey: o.aiKey, aiBaseUrl: ai.baseUrl, dryRun: false });
  const now = clockFrom(ex.ex);
  const t = await createTestApp({ services, now });
  // One database: the scheduler is attached to the app's own deps.
  t.deps.scheduler = createScheduler({ prisma: t.db.prisma, lock: createLocalLock(), logger: pino({ level: 'silent' }), jobs: createTraderJobs({ services }), secrets: services.secrets, now });
  await seedMarkets(t.db.prisma, ex.ex);
  const saved = await t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'content-type': 'application/json' }, body: JSON.stringify(TEST_SETTINGS) });
  if (saved.status !== 200) throw new Error(`TEST_SETTINGS refused: ${saved.status} ${await saved.text()}`);
  return {
    ex,
    ai,
    t,
    async close() {
      await t.close();
      await ai.close();
      await ex.ex.close();
    },
  };
}

/** One selection as the AI's tool answers it: a YES favourite at `allocation` dollars, overridable. */
export const aiPick = (c: { ticker: string }, allocation: number, extra: Record<string, unknown> = {}) => ({
  ticker: c.ticker,
  side: 'YES',
  allocation,
  probability: 0.99,
  confidence: 0.9,
  reasoning: `Favourite ${c.ticker}`,
  risk_factors: ['late news'],
  ...extra,
});

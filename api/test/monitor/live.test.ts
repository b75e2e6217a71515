// The real-time path: with Kalshi keys, a trade on the WebSocket reaches the database, the
// market is rescored and an alert raised within seconds, without waiting for the next cycle.
import { generateKeyPairSync } from 'node:crypto';
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiClient } from '../../src/kalshi/index.ts';
import { createAlertNotifier } from '../../src/monitor/alerts/notify.ts';
import { type LiveFeed, startLiveFeed } from '../../src/monitor/live/live-feed.ts';
import { createMonitorPipeline } from '../../src/monitor/pipeline/monitor-cycle.ts';
import { updateSettings } from '../../src/settings/settings.queries.ts';

const logger = pino({ level: 'silent' });
const API_KEY_ID = '8f1c2b7e-1d2e-4f00-8000-000000000001';
let exchange: RunningExchange;
let db: Database;
let feed: LiveFeed | undefined;
let privateKeyPem: string;

async function control(path: string, body: unknown) {
  const response = await fetch(`${exchange.baseUrl}/_exchange/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

beforeAll(async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  exchange = await startExchange({
    markets: 300,
    historyDays: 2,
    seed: 5,
    // A fixed early-morning weekday: what a whale scores depends on the hour (off-hours activity
    // counts), and the exchange's volume, which the baselines learn from, follows the day.
    startTime: '2026-11-18T12:30:00Z',
    keys: [{ apiKeyId: API_KEY_ID, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
  });
  db = await createTestDatabase();
  // Every market eligible; the alert threshold and every other setting stay at their defaults.
  await updateSettings(db.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
}, 120_000);

afterAll(async () => {
  await feed?.stop();
  await db?.close();
  await exchange?.close();
});

describe('the WebSocket path', () => {
  it('stores live trades and turns a whale trade into an alert within seconds', async () => {
    const kalshi = createKalshiClient(
      { apiBase: exchange.url, wsUrl: exchange.wsUrl, apiKeyId: API_KEY_ID, privateKey: privateKeyPem, rateLimit: { disabled: true } },
      logger,
    );
    const pipeline = createMonitorPipeline({
      db,
      services: { kalshi, monitorBackfillHours: 48 },
      notify: createAlertNotifier({ publicUrl: 'http://sentinel.test' }),
    });
    const ctx = () => ({ logger, now: () => new Date(exchange.now()), signal: new AbortController().signal });
    for (let i = 0; i < 13; i++) {
      await control('clock', { advance_s: 300 });
      await pipeline.runCycle(ctx());
    }
    await pipeline.jobs.find((j) => j.name === 'baselines')!.run({ ...ctx(), prisma: db.prisma, runId: 'test' });

    feed = startLiveFeed({
      kalshi,
      pool: db.pool,
      logger,
      now: () => new Date(exchange.now()),
      scoreLive: pipeline.scoreLive,
      updateTopOfBook: pipeline.updateTopOfBook,
      flushMs: 200,
    });
    const { rows } = await db.pool.query<{ ticker: string }>(
      `SELECT b.ticker FROM baselines b JOIN markets m USING (ticker)
       WHERE m.eligible AND m.yes_bid BETWEEN 0.2 AND 0.8 ORDER BY b.trade_count DESC LIMIT 1`,
    );
    const ticker = rows[0]!.ticker;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the subscription settles

    const injectedAt = Date.now();
    const scenario = (await control('scenarios', { type: 'whale_trade', market_ticker: ticker })) as { scenario: { trade_ids: string[] } };
    let alertAt = 0;
    while (Date.now() - injectedAt < 15_000) {
      if (await db.prisma.alert.findFirst({ where: { ticker } })) {
        alertAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const latest = await db.prisma.marketScore.findFirst({ where: { ticker }, orderBy: { scoredAt: 'desc' } });
    expect(alertAt, `no alert within 15 s; latest score ${JSON.stringify({ ...latest, id: String(latest?.id) })}`).toBeGreaterThan(0);
    expect(alertAt - injectedAt).toBeLessThan(5_000);
    const whaleTrade = scenario.scenario.trade_ids[0]!;
    const trade = await db.prisma.marketTrade.findUniqueOrThrow({ where: { tradeId: whaleTrade } });
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { ticker } });
    expect(alert.explanation).toContain(`${Number(trade.count).toLocaleString('en-US')}-contract ${trade.takerOutcomeSide.toUpperCase()} trade at`);
    expect(feed.stats.received).toBeGreaterThan(0);
  }, 120_000);
});

// The market sync writes only what changed: a sweep of an unchanged universe writes no row
// (besides the heartbeat), a moved price writes its market, and markets missing from a sweep
// close only once their close time has passed or they have been missing for the grace period.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKalshiClient } from '../../src/kalshi/index.ts';
import { LISTED_HEARTBEAT_MS, ListedTickers, VANISHED_GRACE_MS, closeVanishedMarkets, syncMarkets } from '../../src/monitor/sync/market-sync.ts';
import { getSettings, updateSettings } from '../../src/settings/settings.queries.ts';

const logger = pino({ level: 'silent' });
const MINUTE = 60_000;
let exchange: RunningExchange;
let db: Database;
let sync: (at: number) => ReturnType<typeof syncMarkets>;

beforeAll(async () => {
  // Frozen: nothing in the listing changes unless the test changes it.
  exchange = await startExchange({ markets: 120, historyDays: 1, seed: 5, speed: 0, startTime: '2026-11-18T18:00:00Z' });
  db = await createTestDatabase();
  await updateSettings(db.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
  const kalshi = createKalshiClient({ apiBase: exchange.url, rateLimit: { disabled: true } }, logger);
  sync = async (at) => syncMarkets({ pool: db.pool, kalshi, logger, now: () => new Date(at) }, await getSettings(db.prisma));
}, 120_000);

afterAll(async () => {
  await db?.close();
  await exchange?.close();
});

const control = (path: string, body: unknown) =>
  fetch(`${exchange.baseUrl}/_exchange${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('market sync', () => {
  it('writes every market once, then only the changed ones, then all again on the heartbeat', async () => {
    const t0 = exchange.now();
    const first = await sync(t0);
    expect(first.markets).toBeGreaterThan(50);
    expect(first.written).toBe(first.markets);
    expect(first.listed.size).toBe(first.markets);
    expect(new Set(first.listed.toArray()).size).toBe(first.markets);

    const unchanged = await sync(t0 + 5 * MINUTE);
    expect(unchanged).toMatchObject({ markets: first.markets, written: 0, closed: 0 });

    // A price jump moves one market's quote: that row alone is written.
    const ticker = first.listed.toArray()[0]!;
    expect((await control('/scenarios', { type: 'price_jump', market_ticker: ticker, params: { impact: 0.1 } })).status).toBeLessThan(300);
    const before = await db.prisma.market.findUniqueOrThrow({ where: { ticker } });
    const moved = await sync(t0 + 10 * MINUTE);
    expect(moved.written).toBe(1);
    const after = await db.prisma.market.findUniqueOrThrow({ where: { ticker } });
    expect(after.yesBid?.toString()).not.toBe(before.yesBid?.toString());
    expect(after.lastSyncedAt.getTime()).toBe(t0 + 10 * MINUTE);

    const heartbeat = await sync(t0 + 5 * MINUTE + LISTED_HEARTBEAT_MS + 1);
    expect(heartbeat.written).toBe(first.markets - 1);
  });

  it('closes a missing market once its close time has passed, or after the grace period; never a listed one', async () => {
    // After the first test's sweeps: every row is written again on the heartbeat.
    const at = exchange.now() + LISTED_HEARTBEAT_MS * 3;
    const listed = (await sync(at)).listed.toArray();
    const closeTimes = new Map((await db.prisma.market.findMany({ where: { ticker: { in: listed } }, select: { ticker: true, closeTime: true } })).map((m) => [m.ticker, m.closeTime.getTime()]));
    const byClose = [...listed].sort((a, b) => closeTimes.get(a)! - closeTimes.get(b)!);
    const missing = byClose.at(-1)!;
    const others = ListedTickers.of(listed.filter((t) => t !== missing));

    // Missing from one sweep with its close time ahead: it may only have slipped between pages.
    expect(await closeVanishedMarkets(db.pool, new Date(at), others)).toBe(0);
    // Still missing once the grace period has passed since its row was last written: closed.
    expect(await closeVanishedMarkets(db.pool, new Date(at + VANISHED_GRACE_MS + 1), others)).toBe(1);
    expect(await db.prisma.market.findUniqueOrThrow({ where: { ticker: missing } })).toMatchObject({ eligible: false, status: 'closed' });

    // Listed again as open (it had only slipped between pages): the next sweep reopens it.
    const soonest = byClose[0]!;
    const soonestClose = closeTimes.get(soonest)!;
    const again = await sync(soonestClose - MINUTE);
    expect(await db.prisma.market.findUniqueOrThrow({ where: { ticker: missing } })).toMatchObject({ eligible: true, status: 'active' });

    // Past its close time, a missing market closes at once, well within the grace period.
    const withoutSoonest = again.listed.toArray().filter((t) => t !== soonest);
    expect(await closeVanishedMarkets(db.pool, new Date(soonestClose - 2 * MINUTE), ListedTickers.of(withoutSoonest))).toBe(0);
    expect(await closeVanishedMarkets(db.pool, new Date(soonestClose + 1), ListedTickers.of(withoutSoonest))).toBe(1);
    expect(await db.prisma.market.findUniqueOrThrow({ where: { ticker: soonest } })).toMatchObject({ eligible: false, status: 'closed' });
    // Every listed market stays open.
    expect(await db.prisma.market.count({ where: { ticker: { in: withoutSoonest }, eligible: false } })).toBe(0);
  });

  it('closes every market a sweep does not list once past the grace period, none it lists; the next sweep reopens them', async () => {
    const at = exchange.now() + LISTED_HEARTBEAT_MS * 20;
    const listed = (await sync(at)).listed;
    const later = new Date(at + VANISHED_GRACE_MS + 1);
    expect(await closeVanishedMarkets(db.pool, later, listed)).toBe(0);
    const open = await db.prisma.market.count({ where: { eligible: true } });
    expect(open).toBe(listed.size);
    expect(await closeVanishedMarkets(db.pool, later, new ListedTickers())).toBe(open);
    expect((await sync(later.getTime())).written).toBe(open);
    expect(await db.prisma.market.count({ where: { eligible: true } })).toBe(open);
  });
});

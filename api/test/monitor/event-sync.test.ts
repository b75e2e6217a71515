// Series and event metadata as Kalshi's API allows it cheaply: the series list whole every six
// hours (or for an unknown series, at most every half hour) and otherwise only what changed
// (`min_updated_ts`); event titles from `GET /events` pages (100 tickers a request, then only
// what changed), a title Kalshi did not give retried later with backoff, never stored as the ticker.
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { type RunningExchange, startExchange } from '@sentinel/exchange';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type KalshiClient, createKalshiClient } from '../../src/kalshi/index.ts';
import { EVENT_TICKERS_PER_REQUEST, TITLE_RETRY, enrichEvents } from '../../src/monitor/sync/event-titles.ts';
import { SERIES_FULL_REFRESH_MS, SERIES_UNKNOWN_REFRESH_MS, syncMarkets } from '../../src/monitor/sync/market-sync.ts';
import { getSettings, updateSettings } from '../../src/settings/settings.queries.ts';

const logger = pino({ level: 'silent' });
const MINUTE = 60_000;
let exchange: RunningExchange;
let db: Database;
let kalshi: KalshiClient;
let t0: number;

beforeAll(async () => {
  exchange = await startExchange({ markets: 1200, historyDays: 1, seed: 9, speed: 0, startTime: '2026-11-18T18:00:00Z' });
  db = await createTestDatabase();
  await updateSettings(db.prisma, { excludedCategories: [], minVolume: 0, minOpenInterest: 0 });
  // One attempt: the fault tests need failures to surface at once.
  kalshi = createKalshiClient({ apiBase: exchange.url, rateLimit: { disabled: true }, retry: { attempts: 1 } }, logger);
  t0 = exchange.now();
}, 120_000);

afterAll(async () => {
  await db?.close();
  await exchange?.close();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await control('PUT', '/faults', { rate5xx: 0 });
});

const deps = (at: number) => ({ pool: db.pool, kalshi, logger, now: () => new Date(at) });
const sync = async (at: number) => syncMarkets(deps(at), await getSettings(db.prisma));
const control = (method: string, path: string, body: unknown) =>
  fetch(`${exchange.baseUrl}/_exchange${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const kalshiTitle = (ticker: string) => exchange.engine.u.events[exchange.engine.u.eventByTicker.get(ticker)!]!.title;

describe('series list', () => {
  it('whole at first, then only changed series; whole again for an unknown series (at most every 30 min) and every 6 hours', async () => {
    const listed = vi.spyOn(kalshi, 'getSeriesList');
    const first = await sync(t0);
    expect(first).toMatchObject({ seriesFullReads: 1, unknownSeries: 0 });
    expect(first.seriesFetched).toBe(exchange.engine.u.series.length);
    expect(listed.mock.calls[0]![0]).toEqual({});

    const second = await sync(t0 + 5 * MINUTE);
    expect(second).toMatchObject({ seriesFullReads: 0, seriesFetched: 0, unknownSeries: 0, series: first.series });
    const sinceS = Math.floor(t0 / 1000);
    expect(listed.mock.calls[1]![0]).toEqual({ min_updated_ts: sinceS - 10 * 60 });

    // A series the table does not hold as listed (as if Kalshi had added it unseen).
    const market = await db.prisma.market.findFirstOrThrow({ where: { eligible: true }, orderBy: { ticker: 'asc' } });
    await db.pool.query('UPDATE series SET listed_at = NULL WHERE ticker = $1', [market.seriesTicker]);
    const soon = await sync(t0 + 10 * MINUTE);
    expect(soon.seriesFullReads).toBe(0);
    expect(soon.unknownSeries).toBeGreaterThan(0);
    const later = await sync(t0 + SERIES_UNKNOWN_REFRESH_MS + 1);
    expect(later).toMatchObject({ seriesFullReads: 1, unknownSeries: 0 });
    expect(await db.prisma.series.count({ where: { listedAt: null } })).toBe(0);

    expect((await sync(t0 + SERIES_UNKNOWN_REFRESH_MS + 5 * MINUTE)).seriesFullReads).toBe(0);
    expect((await sync(t0 + SERIES_UNKNOWN_REFRESH_MS + SERIES_FULL_REFRESH_MS + 2)).seriesFullReads).toBe(1);
  });
});

describe('event titles', () => {
  it('fills every missing title from GET /events pages, 100 tickers a request; then reads only what changed', async () => {
    const missing = (await db.pool.query<{ event_ticker: string }>(`SELECT event_ticker FROM events WHERE title = ''`)).rows.map((r) => r.event_ticker);
    expect(missing.length).toBeGreaterThan(EVENT_TICKERS_PER_REQUEST);
    const at = t0 + SERIES_FULL_REFRESH_MS + 5 * MINUTE;
    const first = await enrichEvents(deps(at), 50);
    expect(first).toMatchObject({ enriched: missing.length, retryLater: 0, failed: 0, requests: Math.ceil(missing.length / EVENT_TICKERS_PER_REQUEST) });
    const rows = await db.prisma.event.findMany({ where: { eventTicker: { in: missing } } });
    for (const row of rows) expect(row.title).toBe(kalshiTitle(row.eventTicker));

    // Nothing changed: one request (`min_updated_ts`), nothing written.
    const quiet = await enrichEvents(deps(at + 5 * MINUTE), 50);
    expect(quiet).toMatchObject({ enriched: 0, changed: 0, requests: 1, retryLater: 0 });

    // Kalshi corrects a title (its clock where ours is): the next run lists it as changed and writes it alone.
    exchange.engine.clock.advance(at + 9 * MINUTE - exchange.now());
    const edited = missing[3]!;
    expect((await control('POST', `/events/${edited}`, { title: 'A corrected title' })).status).toBe(200);
    const changed = await enrichEvents(deps(at + 10 * MINUTE), 50);
    expect(changed).toMatchObject({ enriched: 1, changed: 1, requests: 1 });
    expect((await db.prisma.event.findUniqueOrThrow({ where: { eventTicker: edited } })).title).toBe('A corrected title');
  });

  it('a title Kalshi does not return is asked for again after a backoff, and never stored as the ticker', async () => {
    const at = t0 + SERIES_FULL_REFRESH_MS + 20 * MINUTE;
    const series = (await db.prisma.series.findFirstOrThrow()).ticker;
    await db.pool.query(`INSERT INTO events (event_ticker, series_ticker, title, category, updated_at) VALUES ('KXGONE-26DEC01', $1, '', 'Other', now())`, [series]);
    const run = await enrichEvents(deps(at), 50, () => 1);
    expect(run).toMatchObject({ retryLater: 1, failed: 0 });
    const row = await db.prisma.event.findUniqueOrThrow({ where: { eventTicker: 'KXGONE-26DEC01' } });
    expect(row).toMatchObject({ title: '', titleAttempts: 1 });
    expect(row.titleRetryAt!.getTime()).toBe(at + TITLE_RETRY.baseDelayMs);

    // Not due yet: not asked (the one request is the changed-events read).
    expect(await enrichEvents(deps(at + MINUTE), 50)).toMatchObject({ requests: 1, retryLater: 0 });
    // Due: asked again; the wait doubles.
    await enrichEvents(deps(at + TITLE_RETRY.baseDelayMs), 50, () => 1);
    const again = await db.prisma.event.findUniqueOrThrow({ where: { eventTicker: 'KXGONE-26DEC01' } });
    expect(again).toMatchObject({ title: '', titleAttempts: 2 });
    expect(again.titleRetryAt!.getTime()).toBe(at + TITLE_RETRY.baseDelayMs + 2 * TITLE_RETRY.baseDelayMs);
    await db.pool.query(`DELETE FROM events WHERE event_ticker = 'KXGONE-26DEC01'`);
  });

  it('when Kalshi fails, titles stay missing and are filled once it answers', async () => {
    const at = t0 + SERIES_FULL_REFRESH_MS + 60 * MINUTE;
    const some = (await db.pool.query<{ event_ticker: string }>(`SELECT event_ticker FROM events ORDER BY event_ticker LIMIT 5`)).rows.map((r) => r.event_ticker);
    await db.pool.query(`UPDATE events SET title = '' WHERE event_ticker = ANY($1)`, [some]);
    await control('PUT', '/faults', { rate5xx: 1 });
    const failed = await enrichEvents(deps(at), 50);
    expect(failed.failed).toBeGreaterThanOrEqual(1);
    expect(failed.retryLater).toBe(some.length);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE event_ticker = ANY($1) AND title = ''`, [some])).rows[0].n).toBe(some.length);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE title = event_ticker`)).rows[0].n).toBe(0);

    await control('PUT', '/faults', { rate5xx: 0 });
    const recovered = await enrichEvents(deps(at + TITLE_RETRY.maxDelayMs), 50);
    expect(recovered).toMatchObject({ failed: 0, retryLater: 0 });
    for (const t of some) expect((await db.prisma.event.findUniqueOrThrow({ where: { eventTicker: t } })).title).toBe(kalshiTitle(t));
  });
});

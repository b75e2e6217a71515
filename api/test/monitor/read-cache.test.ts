// The dashboard list, alert list and monitor summary are served from a short-lived cache in the
// running app (see src/lib/read-cache.ts): a user's own action shows at once; this process's
// scores and alerts as soon as the one read they start returns (the previous answer is served
// meanwhile); other changes within the TTL.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/lib/event-bus.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

let t: TestApp;
const events = new EventBus();
const now = new Date('2026-11-21T15:00:00Z');

const market = (ticker: string, composite: number) => ({
  ticker,
  eventTicker: 'KXPOL-26',
  seriesTicker: 'KXPOL',
  title: `Market ${ticker}`,
  category: 'Politics',
  status: 'active',
  closeTime: new Date('2026-12-01T00:00:00Z'),
  eligible: true,
  latestComposite: composite,
  latestLabel: 'HIGH' as const,
  latestScoredAt: now,
});

beforeAll(async () => {
  // A TTL far longer than the test: whatever changes below is seen only through clearing.
  t = await createTestApp({ events, now: () => now, readCacheMs: 600_000 });
  await t.db.prisma.series.create({ data: { ticker: 'KXPOL', title: 'Politics', category: 'Politics' } });
  await t.db.prisma.event.create({ data: { eventTicker: 'KXPOL-26', seriesTicker: 'KXPOL', title: 'Who wins?', category: 'Politics' } });
  await t.db.prisma.market.createMany({ data: [market('KXPOL-26-A', 70), market('KXPOL-26-B', 60)] });
});
afterAll(async () => t?.close());

const list = async (auth = false) =>
  (await (await t.app.request('/api/markets?minLabel=HIGH', { headers: auth ? t.auth : {} })).json()) as {
    total: number;
    markets: { ticker: string; userState: unknown }[];
  };

describe('read cache in the app', () => {
  it('serves the dashboard list from memory until something this process knows of changes it', async () => {
    expect((await list()).total).toBe(2);
    await t.db.prisma.market.create({ data: market('KXPOL-26-C', 90) });
    // Another instance's write: not seen yet (it would be after the TTL).
    expect((await list()).total).toBe(2);
    // This process scored something: every answer turns stale; the next request starts the read
    // that replaces it (answered meanwhile from memory), and the new answer follows.
    events.emit('score', { ticker: 'KXPOL-26-C', composite: 90, label: 'HIGH', scoredAt: now.toISOString(), explanation: '' });
    await expect.poll(async () => (await list()).markets.map((m) => m.ticker), { timeout: 2_000, interval: 20 }).toEqual(['KXPOL-26-C', 'KXPOL-26-A', 'KXPOL-26-B']);
  });

  it('shows a user their own dismissal at once', async () => {
    expect((await list(true)).total).toBe(3);
    const res = await t.app.request('/api/markets/KXPOL-26-A/dismiss', { method: 'POST', headers: t.auth });
    expect(res.status).toBe(200);
    expect((await list(true)).markets.map((m) => m.ticker)).toEqual(['KXPOL-26-C', 'KXPOL-26-B']);
    expect((await list()).total).toBe(2);
  });

  it('never hands a signed-in answer (with watch and dismiss state) to an anonymous caller', async () => {
    const signedIn = await list(true);
    const anonymous = await list();
    expect(signedIn.markets[0]!.userState).toEqual({ watched: false, dismissed: false });
    expect(anonymous.markets[0]!.userState).toBeNull();
  });

  it('drops the alert list and the summary when this process raises an alert', async () => {
    const alerts = async () => ((await (await t.app.request('/api/alerts')).json()) as { total: number }).total;
    const summary = async () => ((await (await t.app.request('/api/monitor/summary')).json()) as { alerts24h: number }).alerts24h;
    expect(await alerts()).toBe(0);
    expect(await summary()).toBe(0);
    const alert = await t.db.prisma.alert.create({
      data: { ticker: 'KXPOL-26-C', createdAt: now, composite: 90, label: 'HIGH', explanation: 'x', dedupKey: 'c@1', signals: {}, baseline: {}, triggerTrades: [] },
    });
    expect(await alerts()).toBe(0);
    events.emit('alert', { id: alert.id, ticker: alert.ticker, composite: 90, label: 'HIGH', createdAt: now.toISOString(), isEscalation: false, explanation: 'x' });
    // Within a second: changes soon after an earlier one expire the answers together at its end.
    await expect.poll(alerts, { timeout: 2_000, interval: 100 }).toBe(1);
    await expect.poll(summary, { timeout: 2_000, interval: 100 }).toBe(1);
  });
});

describe('cached answers as ready bytes', () => {
  it('sends the same JSON gzipped or plain, with Vary, the request id and the security headers', async () => {
    await t.db.prisma.market.createMany({ data: Array.from({ length: 10 }, (_, i) => market(`KXPOL-26-M${i}`, 20 + i)) });
    events.emit('score', { ticker: 'KXPOL-26-M0', composite: 20, label: 'LOW', scoredAt: now.toISOString(), explanation: '' });
    const plain = await t.app.request('/api/markets?minLabel=LOW&limit=100');
    const zipped = await t.app.request('/api/markets?minLabel=LOW&limit=100', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    for (const res of [plain, zipped]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
      expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/);
      expect(res.headers.get('X-Request-Id')).toBeTruthy();
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(1024);
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(text);
    // The second gzip request is served from the same compressed bytes.
    const again = await t.app.request('/api/markets?minLabel=LOW&limit=100', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await again.arrayBuffer())).toString('utf8')).toBe(text);
  });

  it('leaves a small answer uncompressed', async () => {
    const res = await t.app.request('/api/alerts?label=LOW', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(await res.json()).toMatchObject({ alerts: [], total: 0 });
  });
});

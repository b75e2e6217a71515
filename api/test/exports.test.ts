// CSV and JSON exports as a spreadsheet user meets them: escaping, formula injection, exact
// money, date ranges, access, and a large export streamed in pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../src/exports/csv.ts';
import { PAGE_SIZE } from '../src/exports/exports.queries.ts';
import { type TestApp, createTestApp } from './support/app.ts';
import { parseCsv } from './support/csv.ts';

let t: TestApp;
const HOSTILE = '=HYPERLINK("http://evil.example","Click"), "quoted"\nsecond line';

const get = (path: string, headers: Record<string, string> = t.auth) => t.app.request(path, { headers });
async function csv(path: string) {
  const res = await get(path);
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  // A UTF-8 byte order mark first, so Excel reads the file as UTF-8 (res.text() would hide it).
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
  return { res, header: header!, rows, records: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

beforeAll(async () => {
  t = await createTestApp();
  const p = t.db.prisma;
  await p.series.create({ data: { ticker: 'KXEVIL', title: 'Evil', category: 'Politics' } });
  await p.event.create({ data: { eventTicker: 'KXEVIL-26', seriesTicker: 'KXEVIL', title: 'Evil event', category: 'Politics' } });
  await p.market.create({
    data: { ticker: 'KXEVIL-26-A', eventTicker: 'KXEVIL-26', seriesTicker: 'KXEVIL', title: HOSTILE, category: 'Politics', status: 'active', closeTime: new Date('2026-12-01T00:00:00Z') },
  });
  const alert = (at: string, label: 'HIGH' | 'CRITICAL', n: number) => ({
    ticker: 'KXEVIL-26-A', createdAt: new Date(at), composite: 80 + n, label, explanation: n === 0 ? '+1 for the whale, @everyone' : `alert ${n}`, dedupKey: `KXEVIL-26-A>${n}`,
    signals: {}, baseline: {}, triggerTrades: [], rules: [{ rule: 'whale', reason: 'a $12,000 order' }, { rule: 'score', reason: 'composite 81' }],
  });
  // 2026-11-20 23:30 Eastern (04:30Z on the 21st), 2026-11-21 10:00 Eastern, 2026-11-22 10:00 Eastern.
  await p.alert.createMany({ data: [alert('2026-11-21T04:30:00Z', 'CRITICAL', 0), alert('2026-11-21T15:00:00Z', 'HIGH', 1), alert('2026-11-22T15:00:00Z', 'CRITICAL', 2)] });
  const decision = await p.aiDecision.create({
    data: {
      runAt: new Date('2026-11-21T13:00:00Z'), selector: 'rules', contractsAnalyzed: 12, contractsSelected: 1, totalAllocated: '45.120000', context: {}, rawResponse: '{}',
      checks: [{ check: 'budget', passed: true, reason: 'ok' }, { check: 'rewardToRisk', passed: false, reason: '-0.5 after fees', ticker: 'KXEVIL-26-A' }],
      inputTokens: 1000, outputTokens: 200, costUsd: '0.012345',
    },
  });
  const position = await p.position.create({
    data: {
      mode: 'PAPER', ticker: 'KXEVIL-26-A', seriesTicker: 'KXEVIL', category: 'Politics', title: HOSTILE, side: 'YES', status: 'LOST', contracts: '3.00', entryPrice: '0.940000',
      cost: '2.820000', entryFees: '0.020000', exitPrice: '0.000000', proceeds: '0.000000', pnl: '-2.840000', aiReasoning: '-cheap favourite', riskFactors: ['late news', '@mention'],
      decisionId: decision.id, openedAt: new Date('2026-11-21T13:01:00Z'), closedAt: new Date('2026-11-22T13:01:00Z'),
    },
  });
  const order = await p.traderOrder.create({
    data: {
      clientOrderId: 'c-1', mode: 'PAPER', ticker: 'KXEVIL-26-A', side: 'YES', action: 'BUY', purpose: 'ENTRY', limitPrice: '0.950000', count: '3.00', filledCount: '3.00',
      averageFillPrice: '0.940000', feesPaid: '0.020000', status: 'EXECUTED', positionId: position.id, decisionId: decision.id, createdAt: new Date('2026-11-21T13:01:00Z'),
    },
  });
  await p.traderFill.create({
    data: { fillId: 'f-1', orderId: order.id, ticker: 'KXEVIL-26-A', side: 'YES', action: 'BUY', count: '3.00', price: '0.940000', fee: '0.020000', isTaker: true, createdAt: new Date('2026-11-21T13:01:01Z') },
  });
}, 120_000);
afterAll(async () => t?.close());

describe('csv cells', () => {
  it('quotes commas, quotes and line breaks and guards formulas, but not numbers', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('-2.84')).toBe('-2.84');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a', 'b,c'])).toBe('"a; b,c"');
    expect(csvLine(['x', 1, true])).toBe('x,1,true\r\n');
  });
});

describe('GET /api/exports/{kind}', () => {
  it('needs credentials', async () => {
    const res = await get('/api/exports/alerts', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('exports alerts as CSV a spreadsheet reads back exactly, with hostile titles defused', async () => {
    const { res, header, records } = await csv('/api/exports/alerts');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sentinel-alerts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(header).toEqual(['id', 'createdAt', 'ticker', 'title', 'category', 'label', 'composite', 'rules', 'reasons', 'isEscalation', 'scoreDelta', 'explanation']);
    expect(records).toHaveLength(3);
    expect(records[0]!.title).toBe(`'${HOSTILE}`);
    expect(records[0]!.explanation).toBe("'+1 for the whale, @everyone");
    expect(records[0]!.rules).toBe('whale; score');
    expect(records[0]!.reasons).toBe('a $12,000 order; composite 81');
    expect(records.map((r) => r.createdAt)).toEqual(['2026-11-21T04:30:00.000Z', '2026-11-21T15:00:00.000Z', '2026-11-22T15:00:00.000Z']);
  });

  it('filters by US Eastern days, times and label', async () => {
    // The 21st in Eastern time excludes 04:30Z on the 21st (still the 20th in New York).
    expect((await csv('/api/exports/alerts?from=2026-11-21&to=2026-11-21')).records.map((r) => r.explanation)).toEqual(['alert 1']);
    expect((await csv('/api/exports/alerts?from=2026-11-21T04:30:00Z')).records).toHaveLength(3);
    expect((await csv('/api/exports/alerts?to=2026-11-21T04:30:00Z')).records).toHaveLength(0);
    expect((await csv('/api/exports/alerts?label=CRITICAL')).records).toHaveLength(2);
    expect((await get('/api/exports/alerts?from=yesterday')).status).toBe(400);
    expect((await get('/api/exports/alerts?from=2026-11-22&to=2026-11-21')).status).toBe(400);
    expect((await get('/api/exports/everything')).status).toBe(400);
  });

  it('exports positions, orders, fills and decisions with exact money', async () => {
    const positions = (await csv('/api/exports/positions?mode=PAPER')).records;
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ contracts: '3.00', entryPrice: '0.94', cost: '2.82', entryFees: '0.02', pnl: '-2.84', status: 'LOST', aiReasoning: "'-cheap favourite", riskFactors: 'late news; @mention' });
    expect((await csv('/api/exports/positions?mode=LIVE')).records).toHaveLength(0);
    expect((await csv('/api/exports/orders')).records[0]).toMatchObject({ limitPrice: '0.95', averageFillPrice: '0.94', filledCount: '3.00', status: 'EXECUTED' });
    expect((await csv('/api/exports/fills?mode=PAPER')).records[0]).toMatchObject({ fillId: 'f-1', price: '0.94', fee: '0.02', mode: 'PAPER', isTaker: 'true' });
    const decisions = (await csv('/api/exports/decisions')).records;
    expect(decisions[0]).toMatchObject({ totalAllocated: '45.12', cost: '0.012345', checksPassed: '1', checksFailed: '1', failedChecks: 'rewardToRisk KXEVIL-26-A: -0.5 after fees' });
  });

  it('exports JSON arrays with the same columns, lists as arrays', async () => {
    const res = await get('/api/exports/positions?format=json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('.json"');
    const rows = (await res.json()) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: HOSTILE, pnl: '-2.84', riskFactors: ['late news', '@mention'] });
    expect(await (await get('/api/exports/alerts?format=json&label=LOW')).json()).toEqual([]);
  });

  it('streams a large export page by page, every row once, in order', async () => {
    const p = t.db.prisma;
    const n = PAGE_SIZE * 4 + 7;
    const base = Date.parse('2025-01-01T00:00:00Z');
    // Pairs share a timestamp, so the keyset's tie-break on id is exercised.
    await p.alert.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        ticker: 'KXEVIL-26-A', createdAt: new Date(base + Math.floor(i / 2) * 1000), composite: 50, label: 'MEDIUM' as const, explanation: `bulk ${i}`, dedupKey: `bulk-${i}`, signals: {}, baseline: {}, triggerTrades: [],
      })),
    });
    const res = await get('/api/exports/alerts?to=2025-12-31&format=csv');
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThanOrEqual(5);
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r[0])).size).toBe(n);
    const times = rows.map((r) => r[1]!);
    expect([...times].sort()).toEqual(times);
    const json = (await (await get('/api/exports/alerts?to=2025-12-31&format=json')).json()) as unknown[];
    expect(json).toHaveLength(n);
  }, 60_000);
});

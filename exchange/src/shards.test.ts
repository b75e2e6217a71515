// Collateral per exchange shard and portfolio lag, as Kalshi has them: an order draws only on
// its market's shard (GET /portfolio/balance lists each in balance_breakdown), and fills can be
// missing from GET /portfolio/fills for a while after the create response reported them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from './index.ts';
import { getJson, makeKey, post, signedFetch } from './test/helpers.ts';

let ex: RunningExchange;
const key = makeKey('shard-key');

beforeAll(async () => {
  ex = await startExchange({ markets: 300, historyDays: 1, seed: 11, speed: 0, startTime: '2026-11-18T15:00:00Z', keys: [{ apiKeyId: key.keyId, publicKeyPem: key.publicKeyPem, balanceDollars: '1000.00' }] });
});
afterAll(async () => ex?.close());

/** An open non-combo market with a NO bid to buy YES against, and its shard. */
async function tradable(): Promise<{ ticker: string; shard: number; ask: string }> {
  const { json } = await getJson(`${ex.url}/markets?status=open&mve_filter=exclude&limit=200`);
  for (const m of json.markets as { ticker: string; exchange_index?: number }[]) {
    const ob = (await getJson(`${ex.url}/markets/${m.ticker}/orderbook`)).json.orderbook_fp;
    const bestNo = ob.no_dollars?.[ob.no_dollars.length - 1];
    if (!bestNo) continue;
    return { ticker: m.ticker, shard: m.exchange_index ?? 0, ask: (Math.round((1 - Number(bestNo[0])) * 100) / 100).toFixed(2) };
  }
  throw new Error('no tradable market');
}

describe('collateral per shard', () => {
  it('an order draws only on its market shard; the balance lists every shard and can be scoped to one', async () => {
    const m = await tradable();
    const other = m.shard === 1 ? 2 : 1;
    const set = await post(`${ex.baseUrl}/_exchange/accounts/${key.keyId}/allocation`, { balance_breakdown: [{ exchange_index: m.shard, balance: '0.00' }, { exchange_index: other, balance: '1000.00' }] });
    expect(set.status).toBe(200);
    const bal = (await signedFetch(`${ex.url}/portfolio/balance`, key)).json;
    expect(bal.balance_dollars).toBe('1000.0000');
    expect(bal.balance_breakdown).toEqual(expect.arrayContaining([{ exchange_index: m.shard, balance: '0.0000' }, { exchange_index: other, balance: '1000.0000' }]));
    expect((await signedFetch(`${ex.url}/portfolio/balance?exchange_index=${m.shard}`, key)).json.balance_dollars).toBe('0.0000');
    const order = { ticker: m.ticker, side: 'bid', count: '1', price: m.ask, time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross' };
    const refused = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', order);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('insufficient_balance');
    await post(`${ex.baseUrl}/_exchange/accounts/${key.keyId}/allocation`, { balance_breakdown: [{ exchange_index: m.shard, balance: '500.00' }, { exchange_index: other, balance: '500.00' }] });
    const placed = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', order);
    expect(placed.status).toBe(201);
    const after = (await signedFetch(`${ex.url}/portfolio/balance`, key)).json.balance_breakdown as { exchange_index: number; balance: string }[];
    expect(after.find((b) => b.exchange_index === other)!.balance).toBe('500.0000');
    expect(Number(after.find((b) => b.exchange_index === m.shard)!.balance)).toBeLessThan(500);
    await post(`${ex.baseUrl}/_exchange/accounts/${key.keyId}/allocation`, { balance_breakdown: [] });
  });

  it('portfolio lag: the create response reports the fill, the fills list shows it once the lag has passed', async () => {
    const m = await tradable();
    await post(`${ex.baseUrl}/_exchange/faults`, { portfolio_lag_ms: 60_000 }, 'PUT');
    const r = await signedFetch(`${ex.url}/portfolio/events/orders`, key, 'POST', { ticker: m.ticker, side: 'bid', count: '1', price: m.ask, time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross' });
    expect(r.status).toBe(201);
    expect(Number(r.json.fill_count)).toBeGreaterThan(0);
    expect(r.json.average_fill_price).toBeDefined();
    const hidden = (await signedFetch(`${ex.url}/portfolio/fills?order_id=${r.json.order_id}`, key)).json.fills;
    expect(hidden).toHaveLength(0);
    await post(`${ex.baseUrl}/_exchange/clock`, { advance_ms: 61_000 });
    const shown = (await signedFetch(`${ex.url}/portfolio/fills?order_id=${r.json.order_id}`, key)).json.fills;
    expect(shown.length).toBeGreaterThan(0);
    await post(`${ex.baseUrl}/_exchange/faults`, { portfolio_lag_ms: 0 }, 'PUT');
  });
});

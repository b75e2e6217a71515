import type { Context, Hono } from 'hono';
import { TIER_BUDGETS, type Account } from '../accounts/accounts.ts';
import type { Faults } from '../faults/faults.ts';
import type { Engine } from '../engine/exchange.ts';
import { renderFill, renderOrder, renderPosition, renderSettlement } from '../engine/render.ts';
import { availableMicro, cancelOrder, decreaseOrder, placeOrder, shardOf } from '../matching/match.ts';
import { ccToFp, microToDollars } from '../util/fixed.ts';
import { bad, decodeCursor, encodeCursor, HttpError, intParam, json } from './util.ts';

type Vars = { Variables: { account: Account } };

function paginate<T>(items: T[], c: Context, seqOf: (t: T) => number, max = 1000): { page: T[]; cursor: string } {
  const l = intParam(c, 'limit', 1, max) ?? 100;
  const cur = decodeCursor(c.req.query('cursor'), 'p');
  const after = cur ? Number(cur[0]) : Infinity;
  const sorted = items.filter((x) => seqOf(x) < after).sort((a, b) => seqOf(b) - seqOf(a));
  const page = sorted.slice(0, l);
  const cursor = sorted.length > l ? encodeCursor(`p:${seqOf(page[page.length - 1]!)}`) : '';
  return { page, cursor };
}

async function body(c: Context): Promise<Record<string, unknown>> {
  try {
    const b = await c.req.json();
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw new Error();
    return b as Record<string, unknown>;
  } catch {
    throw bad('request body must be a JSON object');
  }
}

export function portfolioRoutes(app: Hono<Vars>, e: Engine, faults?: Pick<Faults, 'cfg'>): void {
  app.get('/portfolio/balance', (c) => {
    const a = c.get('account');
    // Kalshi: both values cover every shard unless `exchange_index` scopes them to one.
    const shard = intParam(c, 'exchange_index', 0, 63);
    const avail = shard === undefined ? availableMicro(a) : a.shardCashMicro ? availableMicro(a, e, shard) : shard === 0 ? availableMicro(a) : 0;
    const breakdown = a.shardCashMicro
      ? [...a.shardCashMicro.keys()].sort((x, y) => x - y).map((s) => ({ exchange_index: s, balance: microToDollars(availableMicro(a, e, s)) }))
      : [{ exchange_index: 0, balance: microToDollars(availableMicro(a)) }];
    let posValue = 0;
    for (const p of a.positions.values()) {
      if (shard !== undefined && shardOf(e, p.mkt) !== shard) continue;
      const b = e.book(p.mkt);
      const last = e.lastTrade(p.mkt, e.now());
      const yesMark = b.yes[0] && b.no[0] ? Math.round((b.yes[0][0] + 10000 - b.no[0][0]) / 2) : (last?.price ?? 5000);
      posValue += p.posCc > 0 ? p.posCc * yesMark : -p.posCc * (10000 - yesMark);
    }
    const bal = Math.floor(avail / 10000);
    return json(c, 200, {
      balance: bal,
      balance_dollars: microToDollars(avail),
      portfolio_value: bal + Math.floor(posValue / 10000),
      updated_ts: Math.floor(a.updatedMs / 1000),
      balance_breakdown: breakdown,
    });
  });

  app.post('/portfolio/events/orders', async (c) => {
    const r = placeOrder(e, c.get('account'), await body(c));
    return json(c, r.status, r.body);
  });

  app.delete('/portfolio/events/orders/:order_id', (c) => {
    const r = cancelOrder(e, c.get('account'), c.req.param('order_id'));
    return json(c, r.status, r.body);
  });

  app.post('/portfolio/events/orders/:order_id/decrease', async (c) => {
    const r = decreaseOrder(e, c.get('account'), c.req.param('order_id'), await body(c));
    return json(c, r.status, r.body);
  });

  app.post('/portfolio/orders', (c) => json(c, 400, { error: { code: 'deprecated', message: 'Please switch to the V2 endpoints' } }));

  app.get('/portfolio/orders', (c) => {
    const a = c.get('account');
    const ticker = c.req.query('ticker') || undefined;
    const events = (c.req.query('event_ticker') || '').split(',').filter(Boolean);
    if (events.length > 10) throw bad('at most 10 event tickers');
    const status = c.req.query('status') || undefined;
    if (status && !['resting', 'canceled', 'executed'].includes(status)) throw bad('invalid status');
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const items = a.orders.filter((o) => {
      const m = e.u.markets[o.mkt]!;
      if (ticker && m.ticker !== ticker) return false;
      if (events.length && !events.includes(e.u.events[m.eventIdx]!.ticker)) return false;
      if (status && o.status !== status) return false;
      if (minTs !== undefined && o.createdMs < minTs * 1000) return false;
      if (maxTs !== undefined && o.createdMs > maxTs * 1000 + 999) return false;
      return true;
    });
    const { page, cursor } = paginate(items, c, (o) => o.seq);
    return json(c, 200, { orders: page.map((o) => renderOrder(e, o)), cursor });
  });

  app.get('/portfolio/orders/:order_id', (c) => {
    const o = e.orders.get(c.req.param('order_id'));
    if (!o || o.userId !== c.get('account').userId) throw new HttpError(404, 'not_found', 'order not found');
    return json(c, 200, { order: renderOrder(e, o) });
  });

  app.get('/portfolio/positions', (c) => {
    const a = c.get('account');
    const ticker = c.req.query('ticker') || undefined;
    const eventT = c.req.query('event_ticker') || undefined;
    const filters = (c.req.query('count_filter') || '').split(',').filter(Boolean);
    for (const f of filters) if (f !== 'position' && f !== 'total_traded') throw bad('invalid count_filter');
    const items = [...a.positions.values()].filter((p) => {
      const m = e.u.markets[p.mkt]!;
      if (ticker && m.ticker !== ticker) return false;
      if (eventT && e.u.events[m.eventIdx]!.ticker !== eventT) return false;
      if (filters.length && !filters.some((f) => (f === 'position' ? p.posCc !== 0 : p.totalTradedMicro !== 0))) return false;
      return true;
    });
    const { page, cursor } = paginate(items, c, (p) => p.mkt + 1);
    const byEvent = new Map<number, typeof page>();
    for (const p of page) {
      const ei = e.u.markets[p.mkt]!.eventIdx;
      let l = byEvent.get(ei);
      if (!l) byEvent.set(ei, (l = []));
      l.push(p);
    }
    const event_positions = [...byEvent.entries()].map(([ei, ps]) => ({
      event_ticker: e.u.events[ei]!.ticker,
      total_cost_dollars: microToDollars(ps.reduce((s, p) => s + p.totalTradedMicro, 0)),
      total_cost_shares_fp: ccToFp(ps.reduce((s, p) => s + p.yesBoughtCc + p.noBoughtCc, 0)),
      event_exposure_dollars: microToDollars(ps.reduce((s, p) => s + p.costMicro, 0)),
      realized_pnl_dollars: microToDollars(ps.reduce((s, p) => s + p.realizedMicro, 0)),
      fees_paid_dollars: microToDollars(ps.reduce((s, p) => s + p.feesMicro, 0)),
    }));
    return json(c, 200, { market_positions: page.map((p) => renderPosition(e, p)), event_positions, cursor });
  });

  app.get('/portfolio/fills', (c) => {
    const a = c.get('account');
    const ticker = c.req.query('ticker') || undefined;
    const orderId = c.req.query('order_id') || undefined;
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const lag = faults?.cfg.portfolioLagMs ?? 0;
    const visibleUntil = lag > 0 ? e.now() - lag : Infinity;
    const items = a.fills.filter((f) =>
      f.tsMs <= visibleUntil &&
      (!ticker || e.u.markets[f.mkt]!.ticker === ticker) && (!orderId || f.orderId === orderId) &&
      (minTs === undefined || f.tsMs >= minTs * 1000) && (maxTs === undefined || f.tsMs <= maxTs * 1000 + 999));
    const { page, cursor } = paginate(items, c, (f) => f.seq);
    return json(c, 200, { fills: page.map((f) => renderFill(e, f)), cursor });
  });

  app.get('/portfolio/settlements', (c) => {
    const a = c.get('account');
    const ticker = c.req.query('ticker') || undefined;
    const eventT = c.req.query('event_ticker') || undefined;
    const minTs = intParam(c, 'min_ts');
    const maxTs = intParam(c, 'max_ts');
    const items = a.settlements.filter((s) => {
      const m = e.u.markets[s.mkt]!;
      return (!ticker || m.ticker === ticker) && (!eventT || e.u.events[m.eventIdx]!.ticker === eventT) &&
        (minTs === undefined || s.tsMs >= minTs * 1000) && (maxTs === undefined || s.tsMs <= maxTs * 1000 + 999);
    });
    const { page, cursor } = paginate(items, c, (s) => s.seq);
    return json(c, 200, { settlements: page.map((s) => renderSettlement(e, s)), cursor });
  });

  app.get('/account/limits', (c) => {
    const tier = c.get('account').usageTier ?? 'basic';
    const grants = tier === 'basic' ? [] : [{ level: tier, source: 'manual', exchange_instance: 'event_contract' }];
    return json(c, 200, { usage_tier: tier, ...TIER_BUDGETS[tier], grants });
  });
}

import type { Hono } from 'hono';
import { TIER_BUDGETS, type UsageTier } from '../accounts/accounts.ts';
import type { Engine } from '../engine/exchange.ts';
import { renderTrade } from '../engine/render.ts';
import type { Faults, FaultConfig } from '../faults/faults.ts';
import type { Scenarios } from '../scenarios/scenarios.ts';
import { parseDollarsMicro, parsePrice, iso } from '../util/fixed.ts';
import { bad, HttpError, json } from './util.ts';

const FAULT_KEYS: Record<string, keyof FaultConfig> = {
  rate429: 'rate429', fault_429: 'rate429', 'fault-429': 'rate429',
  rate5xx: 'rate5xx', fault_5xx: 'rate5xx', 'fault-5xx': 'rate5xx',
  latencyMs: 'latencyMs', latency_ms: 'latencyMs',
  wsDropEverySec: 'wsDropEverySec', ws_drop_every_s: 'wsDropEverySec',
  malformedRate: 'malformedRate', malformed_rate: 'malformedRate',
  repeatTradesRate: 'repeatTradesRate', repeat_trades_rate: 'repeatTradesRate',
  portfolioLagMs: 'portfolioLagMs', portfolio_lag_ms: 'portfolioLagMs',
};

export function normalizeFaults(body: Record<string, unknown>): Partial<FaultConfig> {
  const out: Partial<FaultConfig> = {};
  for (const [k, v] of Object.entries(body)) {
    const key = FAULT_KEYS[k];
    if (!key) throw bad(`unknown fault ${k}`);
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw bad(`fault ${k} must be a non-negative number`);
    out[key] = n;
  }
  return out;
}

async function readJson(c: { req: { json: () => Promise<unknown> } }): Promise<Record<string, unknown>> {
  try {
    const b = await c.req.json();
    return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Test/demo control plane under /_exchange (never faulted, never signed). */
export function controlRoutes(app: Hono, e: Engine, faults: Faults, scenarios: Scenarios, info: () => Record<string, unknown>): void {
  app.get('/_exchange/info', (c) => json(c, 200, info()));

  app.get('/_exchange/trades', (c) => {
    const q = (k: string) => c.req.query(k);
    const minTs = q('min_ts') !== undefined ? Number(q('min_ts')) : -Infinity;
    const maxTs = q('max_ts') !== undefined ? Number(q('max_ts')) : Infinity;
    if (!Number.isFinite(minTs) && minTs !== -Infinity) throw bad('invalid min_ts');
    let mkt: number | null = null;
    if (q('ticker')) {
      const i = e.u.marketByTicker.get(q('ticker')!);
      if (i === undefined) throw new HttpError(404, 'not_found', 'market not found');
      mkt = i;
    }
    const limit = q('limit') !== undefined ? Number(q('limit')) : 100_000;
    const countOnly = q('count_only') === 'true';
    const res = e.allTrades(mkt, minTs * 1000, maxTs === Infinity ? Infinity : maxTs * 1000 + 999, countOnly ? 0 : limit);
    return json(c, 200, { count: res.count, now_ms: e.now(), trades: res.rows.map((r) => renderTrade(e, r)) });
  });

  app.post('/_exchange/scenarios', async (c) => {
    const b = await readJson(c);
    try {
      const sc = scenarios.inject(b as never);
      return json(c, 201, { scenario: sc });
    } catch (err) {
      throw bad((err as Error).message);
    }
  });
  app.get('/_exchange/scenarios', (c) => json(c, 200, { scenarios: scenarios.list }));

  const market = (t: string) => {
    const m = e.market(t);
    if (!m) throw new HttpError(404, 'not_found', 'market not found');
    return m;
  };

  app.post('/_exchange/markets/:ticker/price', async (c) => {
    const m = market(c.req.param('ticker'));
    const b = await readJson(c);
    const p = parsePrice(String(b.price_dollars ?? b.price ?? ''));
    if (p === null || p <= 0 || p >= 10000) throw bad('price_dollars must be a dollar string in (0, 1)');
    e.model.forcePrice(m, e.now() / 1000, p / 10000);
    e.emit('book', m.idx);
    e.tick();
    return json(c, 200, { ticker: m.ticker, price_dollars: String(b.price_dollars ?? b.price), now_ms: e.now() });
  });

  app.post('/_exchange/markets/:ticker/close', (c) => {
    const m = market(c.req.param('ticker'));
    const nowS = Math.floor(e.now() / 1000);
    e.model.closeOverride.set(m.idx, Math.min(nowS, e.model.closeS(m)));
    e.model.invalidateFrom(nowS * 1000);
    e.rebuildLifecycle();
    e.emit('lifecycle', e.lifecycleMsg(m, 'close_date_updated'));
    e.emit('lifecycle', e.lifecycleMsg(m, 'deactivated'));
    e.tick();
    return json(c, 200, { ticker: m.ticker, status: e.model.status(m, e.now() / 1000) });
  });

  app.post('/_exchange/markets/:ticker/settle', async (c) => {
    const m = market(c.req.param('ticker'));
    const b = await readJson(c);
    const result = b.result;
    if (result !== 'yes' && result !== 'no') throw bad('result must be yes or no');
    const nowS = Math.floor(e.now() / 1000);
    if (nowS < e.model.closeS(m)) e.model.closeOverride.set(m.idx, nowS);
    e.model.resultOverride.set(m.idx, result);
    e.model.finalizeOverride.set(m.idx, nowS);
    e.model.invalidateFrom(nowS * 1000);
    e.rebuildLifecycle();
    for (const t of ['deactivated', 'determined', 'settled']) e.emit('lifecycle', e.lifecycleMsg(m, t));
    e.watched.add(m.idx);
    e.tick();
    return json(c, 200, { ticker: m.ticker, status: e.model.status(m, e.now() / 1000), result });
  });

  // Kalshi edits an event's metadata (a title corrected, a sub-title added): its last_updated_ts
  // moves, so GET /events?min_updated_ts= lists it again.
  app.post('/_exchange/events/:event_ticker', async (c) => {
    const ei = e.u.eventByTicker.get(c.req.param('event_ticker'));
    if (ei === undefined) throw new HttpError(404, 'not_found', 'event not found');
    const b = await readJson(c);
    if ((b.title !== undefined && typeof b.title !== 'string') || (b.sub_title !== undefined && typeof b.sub_title !== 'string')) throw bad('title and sub_title must be strings');
    const ev = e.u.events[ei]!;
    if (typeof b.title === 'string') ev.title = b.title;
    if (typeof b.sub_title === 'string') ev.subTitle = b.sub_title;
    ev.updatedMs = e.now();
    return json(c, 200, { event_ticker: ev.ticker, title: ev.title, sub_title: ev.subTitle, last_updated_ts: iso(ev.updatedMs) });
  });

  app.post('/_exchange/accounts', async (c) => {
    const b = await readJson(c);
    const keyId = b.api_key_id;
    const pem = b.public_key;
    if (typeof keyId !== 'string' || typeof pem !== 'string') throw bad('api_key_id and public_key (PEM) are required');
    const bal = b.balance_dollars !== undefined ? parseDollarsMicro(b.balance_dollars) : undefined;
    if (bal === null) throw bad('invalid balance_dollars');
    try {
      const k = e.registerKey(keyId, pem, { balanceMicro: bal });
      return json(c, 201, { api_key_id: k.keyId, user_id: k.userId });
    } catch (err) {
      throw bad(`invalid public key: ${(err as Error).message}`);
    }
  });

  app.post('/_exchange/accounts/:key/fund', async (c) => {
    const k = e.keys.get(c.req.param('key'));
    if (!k) throw new HttpError(404, 'not_found', 'api key not found');
    const b = await readJson(c);
    const amt = parseDollarsMicro(b.amount_dollars);
    if (amt === null) throw bad('amount_dollars is required');
    const a = e.accounts.get(k.userId)!;
    a.cashMicro += amt;
    // Funds arrive on shard 0, as Kalshi deposits do.
    if (a.shardCashMicro) a.shardCashMicro.set(0, (a.shardCashMicro.get(0) ?? 0) + amt);
    a.updatedMs = e.now();
    return json(c, 200, { user_id: k.userId, cash_micro: a.cashMicro });
  });

  // The account's API usage tier, which GET /account/limits reports with the tier's budgets
  // (Kalshi grants tiers from trading volume or by hand).
  app.post('/_exchange/accounts/:key/usage_tier', async (c) => {
    const k = e.keys.get(c.req.param('key'));
    if (!k) throw new HttpError(404, 'not_found', 'api key not found');
    const tier = (await readJson(c)).usage_tier;
    if (typeof tier !== 'string' || !(tier in TIER_BUDGETS)) throw bad(`usage_tier must be one of ${Object.keys(TIER_BUDGETS).join(', ')}`);
    const a = e.accounts.get(k.userId)!;
    a.usageTier = tier as UsageTier;
    return json(c, 200, { user_id: k.userId, usage_tier: a.usageTier });
  });

  // Collateral per shard, as Kalshi holds it: `balance_breakdown` [{exchange_index, balance}]
  // replaces the account's cash with these shard balances (an order draws only on its market's
  // shard); an empty list returns to one pool for every shard.
  app.post('/_exchange/accounts/:key/allocation', async (c) => {
    const k = e.keys.get(c.req.param('key'));
    if (!k) throw new HttpError(404, 'not_found', 'api key not found');
    const b = await readJson(c);
    if (!Array.isArray(b.balance_breakdown)) throw bad('balance_breakdown [{exchange_index, balance}] is required');
    const a = e.accounts.get(k.userId)!;
    const shards = new Map<number, number>();
    for (const item of b.balance_breakdown as { exchange_index?: unknown; balance?: unknown }[]) {
      const amt = parseDollarsMicro(item?.balance);
      if (typeof item?.exchange_index !== 'number' || !Number.isInteger(item.exchange_index) || item.exchange_index < 0 || amt === null) throw bad('each entry needs an integer exchange_index and a balance in dollars');
      shards.set(item.exchange_index, amt);
    }
    if (shards.size === 0) a.shardCashMicro = undefined;
    else {
      a.shardCashMicro = shards;
      a.cashMicro = [...shards.values()].reduce((x, y) => x + y, 0);
    }
    a.updatedMs = e.now();
    return json(c, 200, { user_id: k.userId, cash_micro: a.cashMicro, balance_breakdown: [...shards].map(([s, v]) => ({ exchange_index: s, balance_micro: v })) });
  });

  app.get('/_exchange/faults', (c) => json(c, 200, { faults: faults.cfg, counts: faults.counts }));
  app.put('/_exchange/faults', async (c) => {
    faults.set(normalizeFaults(await readJson(c)));
    return json(c, 200, { faults: faults.cfg });
  });

  app.get('/_exchange/clock', (c) => json(c, 200, { now_ms: e.now(), now: iso(e.now()), speed: e.clock.speed }));
  app.post('/_exchange/clock', async (c) => {
    const b = await readJson(c);
    if (typeof b.speed === 'number' && b.speed >= 0) e.clock.setSpeed(b.speed);
    if (typeof b.advance_ms === 'number') e.clock.advance(b.advance_ms);
    if (typeof b.advance_s === 'number') e.clock.advance(b.advance_s * 1000);
    if (typeof b.set_ms === 'number') e.clock.set(b.set_ms);
    if (typeof b.set === 'string') {
      const t = Date.parse(b.set);
      if (!Number.isFinite(t)) throw bad('invalid set');
      e.clock.set(t);
    }
    e.tick();
    return json(c, 200, { now_ms: e.now(), now: iso(e.now()), speed: e.clock.speed });
  });

  app.put('/_exchange/status', async (c) => {
    const b = await readJson(c);
    if (typeof b.exchange_active === 'boolean') e.exchangeActive = b.exchange_active;
    if (typeof b.trading_active === 'boolean') e.tradingActive = b.trading_active;
    return json(c, 200, { exchange_active: e.exchangeActive, trading_active: e.tradingActive });
  });

  app.post('/_exchange/tick', (c) => {
    e.tick();
    return json(c, 200, { now_ms: e.now() });
  });
}

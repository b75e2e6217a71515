import { randomUUID } from 'node:crypto';
import { applyFill, emptyPosition, type Account, type Order } from '../accounts/accounts.ts';
import { ceilDiv, feeNumerator } from '../fees.ts';
import { onGrid, type MarketRec } from '../universe/types.ts';
import { ccToFp, microToDollars, parseCount, parsePrice, pipsToDollars } from '../util/fixed.ts';
import type { Engine, TradeRow } from '../engine/exchange.ts';

export interface ApiResult {
  status: number;
  body: unknown;
}

const err = (status: number, code: string, message: string): ApiResult => ({ status, body: { error: { code, message } } });

function feeParams(e: Engine, m: MarketRec): { feeType: string; mult1000: number } {
  const s = e.u.series[m.seriesIdx]!;
  return { feeType: s.feeType, mult1000: s.feeMult1000 };
}

export function reservedMicro(acct: Account): number {
  let r = 0;
  for (const o of acct.orders) if (o.status === 'resting') r += o.reservedMicro;
  return r;
}

/**
 * Cash free for new orders: over every shard, or on one shard when the account keeps its
 * collateral per shard (then only that shard's cash and resting orders count).
 */
export function availableMicro(acct: Account, e?: Engine, shard?: number): number {
  if (shard === undefined || !acct.shardCashMicro || !e) return acct.cashMicro - reservedMicro(acct);
  let r = 0;
  for (const o of acct.orders) if (o.status === 'resting' && shardOf(e, o.mkt) === shard) r += o.reservedMicro;
  return (acct.shardCashMicro.get(shard) ?? 0) - r;
}

export function shardOf(e: Engine, mkt: number): number {
  return e.u.markets[mkt]?.exchangeIndex ?? 0;
}

/** Moves cash on the account and, when it keeps collateral per shard, on the market's shard. */
export function addCash(e: Engine, acct: Account, mkt: number, delta: number): void {
  acct.cashMicro += delta;
  if (acct.shardCashMicro) {
    const s = shardOf(e, mkt);
    acct.shardCashMicro.set(s, (acct.shardCashMicro.get(s) ?? 0) + delta);
  }
}

interface Liquidity {
  /** YES-leg price */
  price: number;
  order: Order | null;
  cc: number;
}

/** Opposing liquidity for a taker, best first, up to the limit price. */
function opposing(e: Engine, m: MarketRec, side: 'bid' | 'ask', limit: number): Liquidity[] {
  const out: Liquidity[] = [];
  const bucket = e.bucketNow();
  const synth = e.u.tape ? { yes: [] as [number, number][], no: [] as [number, number][] } : e.model.bookLevels(m, bucket);
  const resting = (e.restingByMkt.get(m.idx) ?? []).slice().sort((a, b) => a.seq - b.seq);
  const levels = new Map<number, Liquidity[]>();
  const add = (l: Liquidity) => {
    let arr = levels.get(l.price);
    if (!arr) levels.set(l.price, (arr = []));
    arr.push(l);
  };
  if (side === 'bid') {
    for (const o of resting) if (o.side === 'ask' && o.price <= limit) add({ price: o.price, order: o, cc: o.remainingCc });
    for (const [np, cc] of synth.no) {
      const p = 10000 - np;
      const left = cc - (e.consumed.get(`${m.idx}|${bucket}|n${np}`) ?? 0);
      if (p <= limit && left > 0) add({ price: p, order: null, cc: left });
    }
    for (const p of [...levels.keys()].sort((a, b) => a - b)) out.push(...levels.get(p)!);
  } else {
    for (const o of resting) if (o.side === 'bid' && o.price >= limit) add({ price: o.price, order: o, cc: o.remainingCc });
    for (const [p, cc] of synth.yes) {
      const left = cc - (e.consumed.get(`${m.idx}|${bucket}|y${p}`) ?? 0);
      if (p >= limit && left > 0) add({ price: p, order: null, cc: left });
    }
    for (const p of [...levels.keys()].sort((a, b) => b - a)) out.push(...levels.get(p)!);
  }
  return out;
}

function position(acct: Account, mkt: number, now: number) {
  let p = acct.positions.get(mkt);
  if (!p) acct.positions.set(mkt, (p = emptyPosition(mkt, now)));
  return p;
}

/** Collateral needed to hold `cc` more of a side: opposite holdings net off first. */
function collateralFor(acct: Account, mkt: number, side: 'bid' | 'ask', price: number, cc: number): number {
  const pos = acct.positions.get(mkt)?.posCc ?? 0;
  const closable = side === 'bid' ? Math.max(0, -pos) : Math.max(0, pos);
  const leg = side === 'bid' ? price : 10000 - price;
  return leg * Math.max(0, cc - closable);
}

function restOrder(e: Engine, o: Order): void {
  let list = e.restingByMkt.get(o.mkt);
  if (!list) e.restingByMkt.set(o.mkt, (list = []));
  list.push(o);
  e.watched.add(o.mkt);
}

function unrest(e: Engine, o: Order): void {
  const list = e.restingByMkt.get(o.mkt);
  if (!list) return;
  const i = list.indexOf(o);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) e.restingByMkt.delete(o.mkt);
}

/**
 * Execute one match. `taker` may be null when the synthetic crowd takes a resting user order.
 * `takerSide` is the aggressor's book side. Returns the stored public trade.
 */
function execute(e: Engine, m: MarketRec, takerSide: 'bid' | 'ask', taker: Order | null, maker: Order | null, price: number, cc: number): TradeRow {
  const now = e.now();
  const { feeType, mult1000 } = feeParams(e, m);
  const trade = e.storeTrade(m.idx, now, cc, price, takerSide === 'bid' ? 0 : 1, null);
  const row = e.storedRow(trade);
  const apply = (o: Order, isTaker: boolean) => {
    const acct = e.accounts.get(o.userId)!;
    const pos = position(acct, m.idx, now);
    const outcome = o.side === 'bid' ? 'yes' : 'no';
    const leg = o.side === 'bid' ? price : 10000 - price;
    // release the reservation this part of the order was holding
    if (o.status === 'resting' && o.remainingCc > 0) {
      const rel = Math.round((o.reservedMicro * cc) / o.remainingCc);
      o.reservedMicro -= rel;
    }
    const cash = applyFill(pos, outcome, leg, cc, now);
    const f = feeNumerator(feeType, isTaker ? 'taker' : 'maker', mult1000, cc, price);
    let feeMicro: number;
    if (isTaker) {
      o.takerFeeNum += f.num;
      const total = Number(ceilDiv(o.takerFeeNum, f.den)) * 10000;
      feeMicro = total - o.takerFeesMicro;
      o.takerFeesMicro = total;
      o.takerFillCostMicro += leg * cc;
    } else {
      o.makerFeeNum += f.num;
      const total = Number(ceilDiv(o.makerFeeNum, f.den)) * 10000;
      feeMicro = total - o.makerFeesMicro;
      o.makerFeesMicro = total;
      o.makerFillCostMicro += leg * cc;
    }
    pos.feesMicro += feeMicro;
    pos.realizedMicro -= feeMicro;
    addCash(e, acct, m.idx, cash - feeMicro);
    acct.updatedMs = now;
    o.filledCc += cc;
    o.remainingCc -= cc;
    o.updatedMs = now;
    if (o.remainingCc === 0) {
      o.status = 'executed';
      o.reservedMicro = 0;
      unrest(e, o);
    }
    const fill = {
      fillId: trade.tradeId, orderId: o.orderId, mkt: m.idx, side: o.side, cc, price, isTaker, feeMicro, tsMs: now,
      seq: ++e.fillSeq, clientOrderId: o.clientOrderId, postPositionCc: pos.posCc,
    };
    acct.fills.push(fill);
    e.watched.add(m.idx);
    e.emit('fill', acct.userId, fill);
  };
  if (taker) apply(taker, true);
  if (maker) apply(maker, false);
  e.emit('book', m.idx, maker?.clientOrderId ?? taker?.clientOrderId);
  return row;
}

export function placeOrder(e: Engine, acct: Account, body: Record<string, unknown>): ApiResult {
  const now = e.now();
  const ticker = body.ticker;
  if (typeof ticker !== 'string' || !ticker) return err(400, 'invalid_parameters', 'ticker is required');
  const clientOrderId = typeof body.client_order_id === 'string' ? body.client_order_id : '';
  if (clientOrderId) {
    const prev = acct.clientOrders.get(clientOrderId);
    if (prev) return { status: 201, body: prev.response };
  }
  const side = body.side;
  if (side !== 'bid' && side !== 'ask') return err(400, 'invalid_parameters', 'side must be bid or ask');
  const cc = parseCount(body.count);
  if (cc === null || cc < 1) return err(400, 'invalid_parameters', 'count must be a fixed-point count >= 0.01');
  const price = parsePrice(body.price);
  const tif = body.time_in_force;
  if (tif !== 'good_till_canceled' && tif !== 'immediate_or_cancel' && tif !== 'fill_or_kill') return err(400, 'invalid_parameters', 'invalid time_in_force');
  const stp = body.self_trade_prevention_type;
  if (stp !== 'taker_at_cross' && stp !== 'maker') return err(400, 'invalid_parameters', 'self_trade_prevention_type is required');
  const exp = body.expiration_time;
  if (exp !== undefined && exp !== null && (typeof exp !== 'number' || tif !== 'good_till_canceled')) return err(400, 'invalid_parameters', 'expiration_time is only valid with good_till_canceled');
  const postOnly = body.post_only === true;
  if (postOnly && tif !== 'good_till_canceled') return err(400, 'invalid_parameters', 'post_only requires good_till_canceled');
  const m = e.market(ticker);
  if (!m) return err(404, 'not_found', 'market not found');
  if (price === null || !onGrid(m.pls, price)) return err(400, 'invalid_price', 'price is not on the market price grid');
  if (!e.tradingActive || !e.exchangeActive) return err(400, 'trading_paused', 'trading is paused');
  if (e.model.status(m, now / 1000) !== 'active') return err(400, 'market_inactive', 'market is not open for trading');

  const { feeType, mult1000 } = feeParams(e, m);
  const estFee = Number(ceilDiv(feeNumerator(feeType, 'taker', mult1000, cc, price).num, feeNumerator(feeType, 'taker', mult1000, cc, price).den)) * 10000;
  if (collateralFor(acct, m.idx, side, price, cc) + estFee > availableMicro(acct, e, shardOf(e, m.idx))) return err(400, 'insufficient_balance', 'insufficient balance');

  const o: Order = {
    orderId: randomUUID(), userId: acct.userId, clientOrderId, mkt: m.idx, side, price, initialCc: cc, remainingCc: cc,
    filledCc: 0, status: 'resting', tif, postOnly, stp, expirationS: typeof exp === 'number' ? exp : null,
    createdMs: now, updatedMs: now, takerFillCostMicro: 0, makerFillCostMicro: 0, takerFeesMicro: 0, makerFeesMicro: 0,
    takerFeeNum: 0n, makerFeeNum: 0n, reservedMicro: 0, seq: ++e.orderSeq,
    subaccount: typeof body.subaccount === 'number' ? body.subaccount : 0, cancelOnPause: body.cancel_order_on_pause === true,
  };
  const liq = opposing(e, m, side, price);
  if (postOnly && liq.length > 0) return err(400, 'post_only_cross', 'post only order would cross the book');
  if (tif === 'fill_or_kill') {
    let avail = 0;
    for (const l of liq) if (!(l.order && l.order.userId === acct.userId)) avail += l.cc;
    if (avail < cc) {
      o.status = 'canceled';
      o.remainingCc = 0;
      return finish(e, acct, o, 0, 0n);
    }
  }
  // taker is not resting while matching
  o.status = 'executed';
  let filled = 0;
  let notional = 0n;
  let selfStopped = false;
  const bucket = e.bucketNow();
  for (const l of liq) {
    if (o.remainingCc === 0) break;
    if (l.order && l.order.userId === acct.userId) {
      if (stp === 'taker_at_cross') { selfStopped = true; break; }
      cancel(e, l.order, now);
      continue;
    }
    const q = Math.min(o.remainingCc, l.cc);
    if (!l.order) {
      const key = side === 'bid' ? `${m.idx}|${bucket}|n${10000 - l.price}` : `${m.idx}|${bucket}|y${l.price}`;
      e.consumed.set(key, (e.consumed.get(key) ?? 0) + q);
    }
    // keep the taker "executed" during fills so it is never treated as a resting reservation
    execute(e, m, side, o, l.order, l.price, q);
    filled += q;
    notional += BigInt(l.price) * BigInt(q);
  }
  if (o.remainingCc > 0) {
    if (tif === 'good_till_canceled' && !selfStopped) {
      o.status = 'resting';
      o.reservedMicro = collateralFor(acct, m.idx, side, price, o.remainingCc);
      restOrder(e, o);
      e.emit('book', m.idx, clientOrderId);
    } else {
      o.status = 'canceled';
      o.remainingCc = 0;
    }
  } else {
    o.status = 'executed';
  }
  return finish(e, acct, o, filled, notional);
}

function finish(e: Engine, acct: Account, o: Order, filled: number, notional: bigint): ApiResult {
  acct.orders.push(o);
  e.orders.set(o.orderId, o);
  const resp: Record<string, unknown> = {
    order_id: o.orderId,
    client_order_id: o.clientOrderId,
    fill_count: ccToFp(filled),
    remaining_count: ccToFp(o.remainingCc),
    ts_ms: o.createdMs,
  };
  if (filled > 0) {
    resp.average_fill_price = pipsToDollars(Number((notional + BigInt(filled) / 2n) / BigInt(filled)));
    resp.average_fee_paid = microToDollars(Math.round((o.takerFeesMicro * 100) / filled));
  }
  if (o.clientOrderId) acct.clientOrders.set(o.clientOrderId, { order: o, response: resp });
  e.emit('order', acct.userId, o);
  return { status: 201, body: resp };
}

function cancel(e: Engine, o: Order, now: number): number {
  const reduced = o.remainingCc;
  o.remainingCc = 0;
  o.status = 'canceled';
  o.reservedMicro = 0;
  o.updatedMs = now;
  unrest(e, o);
  e.emit('book', o.mkt, o.clientOrderId);
  e.emit('order', o.userId, o);
  return reduced;
}

export function cancelOrder(e: Engine, acct: Account, orderId: string): ApiResult {
  const o = e.orders.get(orderId);
  if (!o || o.userId !== acct.userId) return err(404, 'not_found', 'order not found');
  const now = e.now();
  const m = e.u.markets[o.mkt]!;
  if (e.model.status(m, now / 1000) !== 'active' && o.status === 'resting') return err(400, 'market_inactive', 'market is not open for trading');
  if (o.status !== 'resting') return err(404, 'not_found', 'order is not resting');
  const reduced = cancel(e, o, now);
  return { status: 200, body: { order_id: o.orderId, client_order_id: o.clientOrderId, reduced_by: ccToFp(reduced), ts_ms: now } };
}

export function decreaseOrder(e: Engine, acct: Account, orderId: string, body: Record<string, unknown>): ApiResult {
  const o = e.orders.get(orderId);
  if (!o || o.userId !== acct.userId || o.status !== 'resting') return err(404, 'not_found', 'order not found');
  const by = body.reduce_by !== undefined && body.reduce_by !== null ? parseCount(body.reduce_by) : null;
  const to = body.reduce_to !== undefined && body.reduce_to !== null ? parseCount(body.reduce_to) : null;
  if ((by === null) === (to === null)) return err(400, 'invalid_parameters', 'exactly one of reduce_by or reduce_to is required');
  const target = to !== null ? Math.min(o.remainingCc, to) : Math.max(0, o.remainingCc - by!);
  const now = e.now();
  if (target === 0) cancel(e, o, now);
  else {
    o.reservedMicro = Math.round((o.reservedMicro * target) / o.remainingCc);
    o.remainingCc = target;
    o.updatedMs = now;
    e.emit('book', o.mkt, o.clientOrderId);
  }
  return { status: 200, body: { order_id: o.orderId, client_order_id: o.clientOrderId, remaining_count: ccToFp(o.remainingCc), ts_ms: now } };
}

/** Settle every account's position in a finalized market (once). */
function settleMarket(e: Engine, m: MarketRec): void {
  const now = e.now();
  const result = e.model.result(m);
  const settledMs = e.model.settledS(m) * 1000;
  for (const acct of e.accounts.values()) {
    const p = acct.positions.get(m.idx);
    if (!p) continue;
    const yesCc = Math.max(0, p.posCc);
    const noCc = Math.max(0, -p.posCc);
    const revenueCents = result === 'yes' ? yesCc : noCc; // 1 centi-contract pays 1 cent
    addCash(e, acct, m.idx, revenueCents * 10000);
    p.realizedMicro += revenueCents * 10000 - p.costMicro;
    acct.settlements.push({
      mkt: m.idx, result, yesCc, yesCostMicro: p.posCc > 0 ? p.costMicro : 0, noCc, noCostMicro: p.posCc < 0 ? p.costMicro : 0,
      revenueCents, feesMicro: p.feesMicro, tsMs: Math.min(now, settledMs), seq: ++e.fillSeq,
    });
    acct.positions.delete(m.idx);
    acct.updatedMs = now;
  }
}

/** Per-tick upkeep: expiry, closes, the crowd trading against resting user orders, settlement. */
export function installMatchingHooks(e: Engine): void {
  e.tickHooks.push((_from, now, bg) => {
    const nowS = now / 1000;
    for (const [mkt, list] of [...e.restingByMkt.entries()]) {
      const m = e.u.markets[mkt]!;
      const st = e.model.status(m, nowS);
      for (const o of list.slice()) {
        if (st !== 'active' || (o.expirationS !== null && o.expirationS <= nowS)) cancel(e, o, now);
      }
      if (st !== 'active' || e.u.tape) continue;
      // the book moved through a resting order: the crowd takes it at the order's price
      const bucket = e.bucketNow();
      const synth = e.model.bookLevels(m, bucket);
      for (const o of (e.restingByMkt.get(mkt) ?? []).slice().sort((a, b) => a.seq - b.seq)) {
        if (o.side === 'bid') {
          for (const [np, cc] of synth.no) {
            if (o.remainingCc === 0 || 10000 - np > o.price) break;
            const key = `${mkt}|${bucket}|n${np}`;
            const left = cc - (e.consumed.get(key) ?? 0);
            if (left <= 0) continue;
            const q = Math.min(left, o.remainingCc);
            e.consumed.set(key, (e.consumed.get(key) ?? 0) + q);
            execute(e, m, 'ask', null, o, o.price, q);
          }
        } else {
          for (const [p, cc] of synth.yes) {
            if (o.remainingCc === 0 || p < o.price) break;
            const key = `${mkt}|${bucket}|y${p}`;
            const left = cc - (e.consumed.get(key) ?? 0);
            if (left <= 0) continue;
            const q = Math.min(left, o.remainingCc);
            e.consumed.set(key, (e.consumed.get(key) ?? 0) + q);
            execute(e, m, 'bid', null, o, o.price, q);
          }
        }
      }
    }
    // aggressive background flow also hits resting user orders at or through their price
    for (const r of bg) {
      const list = e.restingByMkt.get(r.mkt);
      if (!list) continue;
      const m = e.u.markets[r.mkt]!;
      let left = r.cc;
      for (const o of list.slice().sort((a, b) => a.seq - b.seq)) {
        if (left === 0) break;
        const hit = r.side === 1 ? o.side === 'bid' && r.price <= o.price : o.side === 'ask' && r.price >= o.price;
        if (!hit) continue;
        const q = Math.min(left, o.remainingCc);
        left -= q;
        execute(e, m, r.side === 0 ? 'bid' : 'ask', null, o, o.price, q);
      }
    }
    for (const mkt of [...e.watched]) {
      const m = e.u.markets[mkt]!;
      if (e.model.status(m, nowS) === 'finalized') {
        settleMarket(e, m);
        if (!e.restingByMkt.has(mkt)) e.watched.delete(mkt);
      }
    }
    // forget consumption of book buckets that are gone
    if (e.consumed.size > 10000) {
      const b = e.bucketNow();
      for (const k of [...e.consumed.keys()]) if (Number(k.split('|')[1]) < b) e.consumed.delete(k);
    }
  });
}

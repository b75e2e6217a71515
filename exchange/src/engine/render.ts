import { ccToFp, iso, microToDollars, pipsToDollars } from '../util/fixed.ts';
import { PRICE_STRUCTURES, type EventRec, type MarketRec, type SeriesRec } from '../universe/types.ts';
import type { Engine, TradeRow } from './exchange.ts';
import type { Fill, Order, Position, SettlementRec } from '../accounts/accounts.ts';

const isoS = (s: number) => iso(s * 1000);

export function renderTrade(e: Engine, r: TradeRow): Record<string, unknown> {
  const m = e.u.markets[r.mkt]!;
  const outcome = r.side === 0 ? 'yes' : 'no';
  return {
    trade_id: r.tradeId,
    ticker: m.ticker,
    count_fp: ccToFp(r.cc),
    yes_price_dollars: pipsToDollars(r.price),
    no_price_dollars: pipsToDollars(10000 - r.price),
    taker_side: outcome,
    taker_outcome_side: outcome,
    taker_book_side: r.side === 0 ? 'bid' : 'ask',
    created_time: new Date(r.tsMs).toISOString(),
    is_block_trade: false,
  };
}

/** Market object with only current (late-2026) fields. */
export function renderMarket(e: Engine, m: MarketRec): Record<string, unknown> {
  const now = e.now();
  const nowS = now / 1000;
  const md = e.model;
  const status = md.status(m, nowS);
  const book = e.book(m.idx);
  const yb = book.yes[0];
  const nb = book.no[0];
  const last = e.lastTrade(m.idx, now);
  const prev = e.lastTrade(m.idx, now - 86_400_000);
  const prevTop = status === 'active' || status === 'inactive' ? md.bookTop(m, Math.floor((nowS - 86400) / 30)) : { bid: 0, ask: 10000 };
  const vol = e.volumes(m.idx);
  const oi = Math.round(vol.total * e.oiFraction(m.idx));
  const finalized = status === 'finalized' || status === 'determined';
  const result = finalized ? md.result(m) : '';
  const raw = m.raw ?? {};
  const out: Record<string, unknown> = {
    ticker: m.ticker,
    event_ticker: e.u.events[m.eventIdx]!.ticker,
    market_type: 'binary',
    yes_sub_title: m.yesSub,
    no_sub_title: m.noSub,
    created_time: isoS(m.createdS),
    updated_time: isoS(Math.max(m.createdS, Math.min(nowS, m.openS))),
    open_time: isoS(m.openS),
    close_time: isoS(md.closeS(m)),
    expected_expiration_time: isoS(md.closeS(m) + m.determineDelayS),
    latest_expiration_time: isoS(m.closeS + 7 * 86400),
    settlement_timer_seconds: m.settleTimerS,
    status,
    yes_bid_dollars: pipsToDollars(yb ? yb[0] : 0),
    yes_bid_size_fp: ccToFp(yb ? yb[1] : 0),
    yes_ask_dollars: pipsToDollars(nb ? 10000 - nb[0] : 10000),
    yes_ask_size_fp: ccToFp(nb ? nb[1] : 0),
    no_bid_dollars: pipsToDollars(nb ? nb[0] : 0),
    no_ask_dollars: pipsToDollars(yb ? 10000 - yb[0] : 10000),
    last_price_dollars: pipsToDollars(last ? last.price : 0),
    previous_yes_bid_dollars: pipsToDollars(prevTop.bid),
    previous_yes_ask_dollars: pipsToDollars(prevTop.ask),
    previous_price_dollars: pipsToDollars(prev ? prev.price : 0),
    volume_fp: ccToFp(vol.total),
    volume_24h_fp: ccToFp(vol.day),
    open_interest_fp: ccToFp(oi),
    notional_value_dollars: '1.0000',
    result,
    can_close_early: m.canCloseEarly,
    expiration_value: finalized ? (result === 'yes' ? 'Yes' : 'No') : '',
    rules_primary: m.rulesPrimary,
    rules_secondary: '',
    price_level_structure: PRICE_STRUCTURES[m.pls]!.name,
    price_ranges: PRICE_STRUCTURES[m.pls]!.ranges,
    exchange_index: m.exchangeIndex,
  };
  if (finalized) out.settlement_value_dollars = result === 'yes' ? '1.0000' : '0.0000';
  if (status === 'finalized') out.settlement_ts = isoS(md.settledS(m));
  if (m.strikeType) out.strike_type = m.strikeType;
  if (m.floorStrike !== null) out.floor_strike = m.floorStrike;
  if (m.capStrike !== null) out.cap_strike = m.capStrike;
  if (m.isMve) {
    out.mve_collection_ticker = m.mveCollection;
    out.mve_selected_legs = m.mveLegs;
    out.is_provisional = true;
  }
  // tape markets may carry extra recorded fields; never let them override live state
  for (const [k, v] of Object.entries(raw)) if (!(k in out) && k !== 'type') out[k] = v;
  return out;
}

/** An event's `last_updated_ts` (ms): its last metadata change, else its first market's creation. */
export function eventUpdatedMs(e: Engine, ev: EventRec): number {
  if (ev.updatedMs !== undefined) return ev.updatedMs;
  return ev.markets[0] !== undefined ? e.u.markets[ev.markets[0]]!.createdS * 1000 : e.u.startMs;
}

/** A series' `last_updated_ts` (ms): its last metadata change, else the start of the generated history. */
export function seriesUpdatedMs(e: Engine, s: SeriesRec): number {
  return s.updatedMs ?? e.u.historyStartMs;
}

export function renderEvent(e: Engine, ev: EventRec, nested: boolean): Record<string, unknown> {
  const s = e.u.series[ev.seriesIdx]!;
  const out: Record<string, unknown> = {
    event_ticker: ev.ticker,
    series_ticker: s.ticker,
    sub_title: ev.subTitle,
    title: ev.title,
    collateral_return_type: ev.mutuallyExclusive ? 'MECNET' : '',
    mutually_exclusive: ev.mutuallyExclusive,
    available_on_brokers: false,
    settlement_sources: [{ name: 'Official source', url: 'https://example.com/source' }],
    last_updated_ts: iso(eventUpdatedMs(e, ev)),
    exchange_index: s.exchangeIndex,
  };
  if (ev.strikeDateS !== null) out.strike_date = isoS(ev.strikeDateS);
  else out.strike_period = 'one-off';
  if (nested) out.markets = ev.markets.map((i) => renderMarket(e, e.u.markets[i]!));
  if (ev.raw) for (const [k, v] of Object.entries(ev.raw)) if (!(k in out) && k !== 'type') out[k] = v;
  return out;
}

export function renderSeries(e: Engine, s: SeriesRec, includeVolume: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ticker: s.ticker,
    frequency: s.frequency,
    title: s.title,
    category: s.category,
    tags: s.tags,
    settlement_sources: [{ name: 'Official source', url: 'https://example.com/source' }],
    contract_url: `https://kalshi-public-docs.s3.amazonaws.com/contract_terms/${s.ticker}.pdf`,
    contract_terms_url: `https://kalshi-public-docs.s3.amazonaws.com/contract_terms/${s.ticker}.pdf`,
    fee_type: s.feeType,
    fee_multiplier: s.feeMult1000 / 1000,
    additional_prohibitions: [],
    last_updated_ts: iso(seriesUpdatedMs(e, s)),
    exchange_index: s.exchangeIndex,
  };
  if (includeVolume) {
    let v = 0;
    for (const ei of s.events) for (const mi of e.u.events[ei]!.markets) v += e.volumes(mi).total;
    out.volume_fp = ccToFp(v);
  }
  if (s.raw) for (const [k, v] of Object.entries(s.raw)) if (!(k in out) && k !== 'type') out[k] = v;
  return out;
}

/** REST order book: bids only, ascending by price (best bid last), optional depth. */
export function renderOrderbook(e: Engine, mkt: number, depth: number): Record<string, unknown> {
  const b = e.book(mkt);
  const cut = (lv: [number, number][]) => (depth > 0 ? lv.slice(0, depth) : lv).slice().reverse().map(([p, c]) => [pipsToDollars(p), ccToFp(c)]);
  return { yes_dollars: cut(b.yes), no_dollars: cut(b.no) };
}

export function renderOrder(e: Engine, o: Order): Record<string, unknown> {
  const m = e.u.markets[o.mkt]!;
  return {
    order_id: o.orderId,
    user_id: o.userId,
    client_order_id: o.clientOrderId,
    ticker: m.ticker,
    side: o.side === 'bid' ? 'yes' : 'no',
    action: 'buy',
    outcome_side: o.side === 'bid' ? 'yes' : 'no',
    book_side: o.side,
    type: 'limit',
    status: o.status,
    yes_price_dollars: pipsToDollars(o.price),
    no_price_dollars: pipsToDollars(10000 - o.price),
    fill_count_fp: ccToFp(o.filledCc),
    remaining_count_fp: ccToFp(o.remainingCc),
    initial_count_fp: ccToFp(o.initialCc),
    taker_fill_cost_dollars: microToDollars(o.takerFillCostMicro),
    maker_fill_cost_dollars: microToDollars(o.makerFillCostMicro),
    taker_fees_dollars: microToDollars(o.takerFeesMicro),
    maker_fees_dollars: microToDollars(o.makerFeesMicro),
    expiration_time: o.expirationS ? isoS(o.expirationS) : null,
    created_time: iso(o.createdMs),
    last_update_time: iso(o.updatedMs),
    self_trade_prevention_type: o.stp,
    order_group_id: null,
    cancel_order_on_pause: o.cancelOnPause,
    subaccount_number: o.subaccount,
    exchange_index: m.exchangeIndex,
  };
}

export function renderFill(e: Engine, f: Fill): Record<string, unknown> {
  const m = e.u.markets[f.mkt]!;
  const outcome = f.side === 'bid' ? 'yes' : 'no';
  return {
    fill_id: f.fillId,
    trade_id: f.fillId,
    order_id: f.orderId,
    ticker: m.ticker,
    market_ticker: m.ticker,
    exchange_index: m.exchangeIndex,
    side: outcome,
    action: 'buy',
    outcome_side: outcome,
    book_side: f.side,
    count_fp: ccToFp(f.cc),
    yes_price_dollars: pipsToDollars(f.price),
    no_price_dollars: pipsToDollars(10000 - f.price),
    is_taker: f.isTaker,
    fee_cost: microToDollars(f.feeMicro),
    created_time: iso(f.tsMs),
    ts: Math.floor(f.tsMs / 1000),
    subaccount_number: 0,
  };
}

export function renderPosition(e: Engine, p: Position): Record<string, unknown> {
  const m = e.u.markets[p.mkt]!;
  return {
    ticker: m.ticker,
    exchange_index: m.exchangeIndex,
    total_traded_dollars: microToDollars(p.totalTradedMicro),
    position_fp: ccToFp(p.posCc),
    market_exposure_dollars: microToDollars(p.costMicro),
    realized_pnl_dollars: microToDollars(p.realizedMicro),
    fees_paid_dollars: microToDollars(p.feesMicro),
    last_updated_ts: iso(p.lastUpdatedMs),
  };
}

export function renderSettlement(e: Engine, s: SettlementRec): Record<string, unknown> {
  const m = e.u.markets[s.mkt]!;
  return {
    ticker: m.ticker,
    exchange_index: m.exchangeIndex,
    event_ticker: e.u.events[m.eventIdx]!.ticker,
    market_result: s.result,
    yes_count_fp: ccToFp(s.yesCc),
    yes_total_cost_dollars: microToDollars(s.yesCostMicro),
    no_count_fp: ccToFp(s.noCc),
    no_total_cost_dollars: microToDollars(s.noCostMicro),
    revenue: s.revenueCents,
    settled_time: iso(s.tsMs),
    fee_cost: microToDollars(s.feesMicro),
    value: s.result === 'yes' ? 100 : 0,
  };
}

import type { Context, Hono } from 'hono';
import type { Engine, RecordedCandle, TradeKey } from '../engine/exchange.ts';
import { toHistoricalCandle } from '../tape/history-file.ts';
import { eventUpdatedMs, renderEvent, renderMarket, renderOrderbook, renderSeries, renderTrade, seriesUpdatedMs } from '../engine/render.ts';
import type { Faults } from '../faults/faults.ts';
import { iso, pipsToDollars, ccToFp } from '../util/fixed.ts';
import { BOOK_BUCKET_S } from '../activity/model.ts';
import { bad, boolParam, decodeCursor, encodeCursor, HttpError, intParam, json } from './util.ts';

const STATUS_FILTER: Record<string, string[]> = {
  unopened: ['initialized'],
  open: ['active'],
  paused: ['inactive'],
  closed: ['closed', 'determined', 'disputed', 'amended'],
  settled: ['finalized'],
};

/** Page limit: Kalshi treats 0/absent as the default. */
function limitParam(c: Context, max: number, def: number): number {
  const l = intParam(c, 'limit', 0, max);
  return !l ? def : l;
}

export function publicRoutes(app: Hono, e: Engine, faults: Faults): void {
  app.get('/exchange/status', (c) =>
    json(c, 200, {
      exchange_active: e.exchangeActive,
      trading_active: e.tradingActive,
      intra_exchange_transfers_active: true,
      exchange_estimated_resume_time: null,
      exchange_index_statuses: [
        { exchange_index: 0, description: 'default', exchange_active: e.exchangeActive, trading_active: e.tradingActive, intra_exchange_transfers_active: true },
        { exchange_index: 1, description: 'combos', exchange_active: e.exchangeActive, trading_active: e.tradingActive, intra_exchange_transfers_active: true },
        { exchange_index: 2, description: 'crypto and commodities', exchange_active: e.exchangeActive, trading_active: e.tradingActive, intra_exchange_transfers_active: true },
      ],
    }),
  );

  app.get('/exchange/schedule', (c) => {
    const day = [{ open_time: '00:00', close_time: '23:59' }];
    const week = { start_time: iso(e.u.startMs - 86_400_000 * 365), end_time: iso(e.u.startMs + 86_400_000 * 365), monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day };
    return json(c, 200, { schedule: { standard_hours: [week], maintenance_windows: [] } });
  });

  app.get('/exchange/user_data_timestamp', (c) => json(c, 200, { last_validated_ts: iso(e.now()) }));

  app.get('/historical/cutoff', (c) => {
    const t = iso(e.cutoffMs());
    return json(c, 200, { market_settled_ts: t, trades_created_ts: t, orders_updated_ts: t, market_positions_last_updated_ts: t });
  });

  // Trades before the cutoff: the same tape and cursor as /markets/trades, bounded above.
  app.get('/historical/trades', (c) => tradesPage(c, e, faults, -Infinity, e.cutoffMs() - 1));

  // Markets settled before the cutoff, in /markets order. Kalshi: the filters are mutually exclusive.
  app.get('/historical/markets', (c) => {
    const limit = limitParam(c, 1000, 100);
    const mve = c.req.query('mve_filter') || undefined;
    if (mve !== undefined && mve !== 'exclude') throw bad('mve_filter must be exclude');
    const eventT = c.req.query('event_ticker') || undefined;
    const seriesT = c.req.query('series_ticker') || undefined;
    const tickersQ = c.req.query('tickers') || undefined;
    if ([eventT, seriesT, tickersQ].filter(Boolean).length > 1) throw bad('tickers, event_ticker and series_ticker are mutually exclusive');
    const u = e.u;
    const cur = decodeCursor(c.req.query('cursor'), 'h');
    const afterRank = cur ? Number(cur[0]) : -1;
    if (!Number.isFinite(afterRank)) throw bad('invalid cursor');
    const tickerSet = tickersQ ? new Set(tickersQ.split(',').map((t) => t.trim())) : null;
    const ei = eventT ? (u.eventByTicker.get(eventT) ?? -2) : undefined;
    const si = seriesT ? (u.seriesByTicker.get(seriesT) ?? -2) : undefined;
    const picked: number[] = [];
    let more = false;
    for (let r = afterRank + 1; r < u.marketOrder.length; r++) {
      const i = u.marketOrder[r]!;
      const m = u.markets[i]!;
      if (mve === 'exclude' && m.isMve) continue;
      if (tickerSet && !tickerSet.has(m.ticker)) continue;
      if (ei !== undefined && m.eventIdx !== ei) continue;
      if (si !== undefined && m.seriesIdx !== si) continue;
      if (!e.archived(m)) continue;
      if (picked.length === limit) { more = true; break; }
      picked.push(i);
    }
    const markets = picked.map((i) => renderMarket(e, u.markets[i]!));
    const cursor = more && picked.length > 0 ? encodeCursor(`h:${u.marketRank[picked[picked.length - 1]!]}`) : '';
    return json(c, 200, { markets, cursor });
  });

  app.get('/historical/markets/:ticker', (c) => {
    const i = e.u.marketByTicker.get(c.req.param('ticker'));
    if (i === undefined || !e.archived(e.u.markets[i]!)) throw new HttpError(404, 'not_found', 'market not found');
    return json(c, 200, { market: renderMarket(e, e.u.markets[i]!) });
  });

  app.get('/historical/markets/:ticker/candlesticks', (c) => {
    const i = e.u.marketByTicker.get(c.req.param('ticker'));
    if (i === undefined || !e.archived(e.u.markets[i]!)) throw new HttpError(404, 'not_found', 'market not found');
    const m = e.u.markets[i]!;
    return json(c, 200, { ticker: m.ticker, candlesticks: candlesticks(e, i, candleWindow(c, e)).map(toHistoricalCandle) });
  });

  app.get('/account/endpoint_costs', (c) =>
    json(c, 200, {
      default_cost: 10,
      endpoint_costs: [
        { method: 'DELETE', path: '/trade-api/v2/portfolio/events/orders/batched', cost: 2 },
        { method: 'POST', path: '/trade-api/v2/account/api_usage_level/upgrade', cost: 30 },
        { method: 'POST', path: '/trade-api/v2/portfolio/orders', cost: 100 },
        { method: 'DELETE', path: '/trade-api/v2/portfolio/orders/{order_id}', cost: 20 },
      ],
    }),
  );

  // ---------------------------------------------------------------- markets
  app.get('/markets', (c) => {
    const limit = limitParam(c, 1000, 100);
    const status = c.req.query('status') || undefined;
    if (status !== undefined && !(status in STATUS_FILTER)) throw bad('status must be one of unopened, open, paused, closed, settled');
    const mve = c.req.query('mve_filter') || undefined;
    if (mve !== undefined && mve !== 'only' && mve !== 'exclude') throw bad('mve_filter must be only or exclude');
    const minC = intParam(c, 'min_created_ts');
    const maxC = intParam(c, 'max_created_ts');
    const minCl = intParam(c, 'min_close_ts');
    const maxCl = intParam(c, 'max_close_ts');
    const minS = intParam(c, 'min_settled_ts');
    const maxS = intParam(c, 'max_settled_ts');
    const minU = intParam(c, 'min_updated_ts');
    const eventT = c.req.query('event_ticker') || undefined;
    const seriesT = c.req.query('series_ticker') || undefined;
    const tickersQ = c.req.query('tickers') || undefined;
    const groups = [minC !== undefined || maxC !== undefined, minCl !== undefined || maxCl !== undefined, minS !== undefined || maxS !== undefined, minU !== undefined].filter(Boolean).length;
    if (groups > 1) throw bad('timestamp filters are mutually exclusive');
    if ((minC !== undefined || maxC !== undefined) && status && status !== 'unopened' && status !== 'open') throw bad('created_ts filters are only compatible with status unopened or open');
    if ((minCl !== undefined || maxCl !== undefined) && status && status !== 'closed') throw bad('close_ts filters are only compatible with status closed');
    if ((minS !== undefined || maxS !== undefined) && status && status !== 'settled') throw bad('settled_ts filters are only compatible with status settled');
    if (minU !== undefined && (status || eventT || tickersQ || mve !== 'exclude')) throw bad('min_updated_ts is only compatible with mve_filter=exclude and series_ticker');
    if (eventT && eventT.includes(',')) throw bad('only a single event_ticker is supported');

    const u = e.u;
    let cand: number[] | Int32Array;
    if (tickersQ) cand = tickersQ.split(',').map((t) => u.marketByTicker.get(t.trim())).filter((x): x is number => x !== undefined).sort((a, b) => u.marketRank[a]! - u.marketRank[b]!);
    else if (eventT) {
      const ei = u.eventByTicker.get(eventT);
      cand = ei === undefined ? [] : u.events[ei]!.markets.slice().sort((a, b) => u.marketRank[a]! - u.marketRank[b]!);
    } else if (seriesT) {
      const si = u.seriesByTicker.get(seriesT);
      cand = si === undefined ? [] : u.series[si]!.events.flatMap((ei) => u.events[ei]!.markets).sort((a, b) => u.marketRank[a]! - u.marketRank[b]!);
    } else cand = u.marketOrder;
    if (seriesT && (tickersQ || eventT)) {
      const si = u.seriesByTicker.get(seriesT);
      cand = Array.from(cand).filter((i) => u.markets[i]!.seriesIdx === si);
    }
    const cur = decodeCursor(c.req.query('cursor'), 'm');
    const afterRank = cur ? Number(cur[0]) : -1;
    if (!Number.isFinite(afterRank)) throw bad('invalid cursor');
    const nowS = e.now() / 1000;
    const allowed = status ? STATUS_FILTER[status]! : null;
    const md = e.model;
    const archiving = e.historicalCutoffMs !== null;
    const match = (i: number): boolean => {
      const m = u.markets[i]!;
      if (mve === 'exclude' && m.isMve) return false;
      if (mve === 'only' && !m.isMve) return false;
      if (archiving && e.archived(m)) return false;
      if (seriesT && !tickersQ && !eventT && m.seriesIdx !== u.seriesByTicker.get(seriesT)) return false;
      if (allowed && !allowed.includes(md.status(m, nowS))) return false;
      if (minC !== undefined && m.createdS < minC) return false;
      if (maxC !== undefined && m.createdS > maxC) return false;
      const cl = md.closeS(m);
      if (minCl !== undefined && cl < minCl) return false;
      if (maxCl !== undefined && cl > maxCl) return false;
      if (minS !== undefined || maxS !== undefined) {
        if (md.status(m, nowS) !== 'finalized') return false;
        const s = md.settledS(m);
        if (minS !== undefined && s < minS) return false;
        if (maxS !== undefined && s > maxS) return false;
      }
      if (minU !== undefined && Math.min(nowS, m.openS) < minU) return false;
      return true;
    };
    // find the first candidate after the cursor position
    let start = 0;
    if (afterRank >= 0) {
      let lo = 0;
      let hi = cand.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u.marketRank[cand[mid]!]! <= afterRank) lo = mid + 1; else hi = mid;
      }
      start = lo;
    }
    const picked: number[] = [];
    let more = false;
    for (let k = start; k < cand.length; k++) {
      const i = cand[k]!;
      if (!match(i)) continue;
      if (picked.length === limit) { more = true; break; }
      picked.push(i);
    }
    const markets = picked.map((i) => renderMarket(e, u.markets[i]!));
    const cursor = more && picked.length > 0 ? encodeCursor(`m:${u.marketRank[picked[picked.length - 1]!]}`) : '';
    if (markets.length > 0 && faults.roll(faults.cfg.malformedRate)) markets.splice(faults.pick(markets), 0, faults.malformedMarket(markets[0]!));
    return json(c, 200, { markets, cursor });
  });

  // Trades from the cutoff on (when one is set); older trades are under /historical/trades.
  app.get('/markets/trades', (c) => tradesPage(c, e, faults, e.historicalCutoffMs ?? -Infinity, Infinity));

  // Kalshi: up to 100 markets, up to 10,000 candlesticks in all, one window; archived markets only under /historical.
  app.get('/markets/candlesticks', (c) => {
    const tickers = (c.req.query('market_tickers') ?? '').split(',').filter(Boolean);
    if (tickers.length === 0) throw bad('market_tickers is required');
    if (tickers.length > 100) throw bad('at most 100 market_tickers');
    const w = candleWindow(c, e);
    const found = tickers.map((t) => e.u.marketByTicker.get(t)).filter((i): i is number => i !== undefined && !e.archived(e.u.markets[i]!));
    if (found.length * w.count > 10_000) throw bad('too many candlesticks requested (at most 10,000 in all)');
    return json(c, 200, { markets: found.map((i) => ({ market_ticker: e.u.markets[i]!.ticker, candlesticks: candlesticks(e, i, w) })) });
  });

  app.get('/markets/orderbooks', (c) => {
    const tickers = c.req.queries('tickers') ?? [];
    if (tickers.length < 1 || tickers.length > 100) throw bad('tickers must contain between 1 and 100 entries');
    const orderbooks = tickers.map((t) => {
      const i = e.u.marketByTicker.get(t);
      return { ticker: t, orderbook_fp: i === undefined ? { yes_dollars: [], no_dollars: [] } : renderOrderbook(e, i, 0) };
    });
    return json(c, 200, { orderbooks });
  });

  app.get('/markets/:ticker/orderbook', (c) => {
    const depth = intParam(c, 'depth', undefined, 100) ?? 0;
    const i = e.u.marketByTicker.get(c.req.param('ticker'));
    // Kalshi answers an unknown ticker with an empty book (live-probed), not 404
    if (i === undefined) return json(c, 200, { orderbook_fp: { yes_dollars: [], no_dollars: [] } });
    return json(c, 200, { orderbook_fp: renderOrderbook(e, i, Math.max(0, depth)) });
  });

  app.get('/markets/:ticker', (c) => {
    const i = e.u.marketByTicker.get(c.req.param('ticker'));
    if (i === undefined || e.archived(e.u.markets[i]!)) throw new HttpError(404, 'not_found', 'market not found');
    return json(c, 200, { market: renderMarket(e, e.u.markets[i]!) });
  });

  app.get('/series/:series/markets/:ticker/candlesticks', (c) => {
    const i = e.u.marketByTicker.get(c.req.param('ticker'));
    if (i === undefined || e.u.series[e.u.markets[i]!.seriesIdx]!.ticker !== c.req.param('series')) throw new HttpError(404, 'not_found', 'market not found');
    // Kalshi: candlesticks of markets settled before the cutoff are only under /historical
    if (e.archived(e.u.markets[i]!)) throw new HttpError(404, 'not_found', 'market is archived: use /historical/markets/{ticker}/candlesticks');
    return json(c, 200, { ticker: e.u.markets[i]!.ticker, candlesticks: candlesticks(e, i, candleWindow(c, e)) });
  });

  // ---------------------------------------------------------------- events / series
  const eventStatus = (ei: number, status: string): boolean => {
    const allowed = STATUS_FILTER[status]!;
    const nowS = e.now() / 1000;
    return e.u.events[ei]!.markets.some((mi) => allowed.includes(e.model.status(e.u.markets[mi]!, nowS)));
  };

  app.get('/events', (c) => {
    const limit = intParam(c, 'limit', 1, 200) ?? 200;
    const nested = boolParam(c, 'with_nested_markets') ?? false;
    const status = c.req.query('status') || undefined;
    if (status !== undefined && !['unopened', 'open', 'closed', 'settled'].includes(status)) throw bad('invalid status');
    const seriesT = c.req.query('series_ticker') || undefined;
    const tickers = (c.req.query('tickers') || '').split(',').filter(Boolean);
    const minClose = intParam(c, 'min_close_ts');
    const minUpdated = intParam(c, 'min_updated_ts');
    const cur = decodeCursor(c.req.query('cursor'), 'e');
    const afterRank = cur ? Number(cur[0]) : -1;
    const u = e.u;
    const si = seriesT ? u.seriesByTicker.get(seriesT) ?? -2 : undefined;
    const tickerSet = tickers.length ? new Set(tickers) : null;
    const picked: number[] = [];
    let more = false;
    for (let r = afterRank + 1; r < u.eventOrder.length; r++) {
      const ei = u.eventOrder[r]!;
      const ev = u.events[ei]!;
      if (ev.isMve) continue;
      if (si !== undefined && ev.seriesIdx !== si) continue;
      if (tickerSet && !tickerSet.has(ev.ticker)) continue;
      if (status && !eventStatus(ei, status)) continue;
      if (minClose !== undefined && !ev.markets.some((mi) => e.model.closeS(u.markets[mi]!) > minClose)) continue;
      if (minUpdated !== undefined && eventUpdatedMs(e, ev) < minUpdated * 1000) continue;
      if (picked.length === limit) { more = true; break; }
      picked.push(ei);
    }
    const events = picked.map((ei) => renderEvent(e, u.events[ei]!, nested));
    const cursor = more && picked.length ? encodeCursor(`e:${u.eventRank[picked[picked.length - 1]!]}`) : '';
    return json(c, 200, { events, cursor });
  });

  app.get('/events/:event_ticker', (c) => {
    const ei = e.u.eventByTicker.get(c.req.param('event_ticker'));
    if (ei === undefined) throw new HttpError(404, 'not_found', 'event not found');
    const nested = boolParam(c, 'with_nested_markets') ?? false;
    const ev = e.u.events[ei]!;
    const markets = ev.markets.map((i) => renderMarket(e, e.u.markets[i]!));
    const event = renderEvent(e, ev, false);
    if (nested) event.markets = markets;
    return json(c, 200, { event, markets });
  });

  app.get('/series', (c) => {
    const category = c.req.query('category') || undefined;
    const tags = (c.req.query('tags') || '').split(',').filter(Boolean);
    const includeVolume = boolParam(c, 'include_volume') ?? false;
    const minUpdated = intParam(c, 'min_updated_ts');
    const series = e.u.series
      .filter((s) => (!category || s.category === category) && (tags.length === 0 || tags.some((t) => s.tags.includes(t))))
      .filter((s) => minUpdated === undefined || seriesUpdatedMs(e, s) >= minUpdated * 1000)
      .map((s) => renderSeries(e, s, includeVolume));
    return json(c, 200, { series });
  });

  app.get('/series/:series_ticker', (c) => {
    const si = e.u.seriesByTicker.get(c.req.param('series_ticker'));
    if (si === undefined) throw new HttpError(404, 'not_found', 'series not found');
    return json(c, 200, { series: renderSeries(e, e.u.series[si]!, boolParam(c, 'include_volume') ?? false) });
  });
}

/** One page of the trade tape within [fromMs, toMs] (the live or the historical side of the cutoff). */
function tradesPage(c: Context, e: Engine, faults: Faults, fromMs: number, toMs: number): Response {
  const limit = limitParam(c, 1000, 100);
  const ticker = c.req.query('ticker') || undefined;
  const minTs = intParam(c, 'min_ts');
  const maxTs = intParam(c, 'max_ts');
  const block = boolParam(c, 'is_block_trade');
  const cur = decodeCursor(c.req.query('cursor'), 't');
  let after: TradeKey | null = null;
  if (cur) {
    const k = cur.map(Number);
    if (k.length !== 4 || k.some((x) => !Number.isFinite(x))) throw bad('invalid cursor');
    after = k as TradeKey;
  }
  let mkt: number | null = null;
  if (ticker) {
    const i = e.u.marketByTicker.get(ticker);
    if (i === undefined) return json(c, 200, { trades: [], cursor: '' });
    mkt = i;
  }
  if (block === true) return json(c, 200, { trades: [], cursor: '' });
  const minMs = Math.max(fromMs, minTs !== undefined ? minTs * 1000 : -Infinity);
  const maxMs = Math.min(toMs, maxTs !== undefined ? maxTs * 1000 + 999 : Infinity);
  const page = e.listTrades({ mkt, minMs, maxMs, after, limit });
  const trades = page.rows.map((r) => renderTrade(e, r));
  const last = page.rows[page.rows.length - 1];
  const cursor = page.more && last ? encodeCursor(`t:${last.key.join(':')}`) : '';
  // faults add records, never remove them
  if (after && faults.roll(faults.cfg.repeatTradesRate)) {
    const prev = e.listTrades({ mkt, minMs: -Infinity, maxMs: after[0], after: [after[0], after[1], after[2], after[3] + 1], limit: 1 }).rows[0];
    if (prev && prev.key.join() === after.join()) { faults.counts.repeated++; trades.unshift(renderTrade(e, prev)); }
  } else if (trades.length > 1 && faults.roll(faults.cfg.repeatTradesRate)) {
    faults.counts.repeated++;
    trades.splice(1, 0, { ...trades[0]! });
  }
  if (trades.length > 0 && faults.roll(faults.cfg.malformedRate)) trades.splice(faults.pick(trades), 0, faults.malformedTrade(trades[0]!));
  return json(c, 200, { trades, cursor });
}

/**
 * Candlesticks of a market in Kalshi's live shape for `start_ts`, `end_ts` and `period_interval`:
 * the recorded ones of a history file, else computed from the trades (price OHLC, volume) and the
 * book (YES bid/ask at the period's start and end). At most 5,000 per request.
 */
interface CandleWindow {
  startTs: number;
  endTs: number;
  period: number;
  /** Period ends in the window (none after now). */
  first: number;
  last: number;
  count: number;
}

/** The request's window: candles ending in [start_ts, end_ts] on period boundaries, none after now; at most 5,000. */
function candleWindow(c: Context, e: Engine): CandleWindow {
  const startTs = intParam(c, 'start_ts');
  const endTs = intParam(c, 'end_ts');
  const period = intParam(c, 'period_interval');
  if (startTs === undefined || endTs === undefined || period === undefined) throw bad('start_ts, end_ts and period_interval are required');
  if (![1, 60, 1440].includes(period)) throw bad('period_interval must be 1, 60 or 1440');
  if (endTs < startTs) throw bad('end_ts must be after start_ts');
  const p = period * 60;
  const nowS = Math.floor(e.now() / 1000);
  const first = Math.ceil(startTs / p) * p;
  const last = Math.min(Math.floor(endTs / p) * p, Math.ceil(nowS / p) * p);
  const count = last >= first ? (last - first) / p + 1 : 0;
  if (count > 5001) throw bad('too many candlesticks requested');
  return { startTs, endTs, period, first, last, count };
}

function candlesticks(e: Engine, i: number, w: CandleWindow): RecordedCandle[] {
  const { startTs, endTs, period, first, last } = w;
  const p = period * 60;
  const recorded = e.recordedCandles.get(i)?.get(period);
  if (recorded) return recorded.filter((x) => x.end_period_ts >= startTs && x.end_period_ts <= endTs);
  const m = e.u.markets[i]!;
  const rows = first <= last ? e.allTrades(i, (first - p) * 1000 + 1, last * 1000).rows.reverse() : [];
  let prevClose: number | null = e.lastTrade(i, (first - p) * 1000)?.price ?? null;
  const candles: RecordedCandle[] = [];
  let k = 0;
  // Open interest follows the market's volume since it opened, whatever window was asked for.
  let vol = first <= last ? e.volumeUntil(i, (first - p) * 1000) : 0;
  for (let end = first; end <= last; end += p) {
    const inP: number[] = [];
    let v = 0;
    let notional = 0;
    while (k < rows.length && rows[k]!.tsMs <= end * 1000) {
      inP.push(rows[k]!.price);
      v += rows[k]!.cc;
      notional += rows[k]!.price * rows[k]!.cc;
      k++;
    }
    vol += v;
    const t0 = e.model.bookTop(m, Math.floor((end - p) / BOOK_BUCKET_S));
    const t1 = e.model.bookTop(m, Math.floor(end / BOOK_BUCKET_S));
    const ba = (a: number, b: number) => ({ open_dollars: pipsToDollars(a), low_dollars: pipsToDollars(Math.min(a, b)), high_dollars: pipsToDollars(Math.max(a, b)), close_dollars: pipsToDollars(b) });
    const price: Record<string, unknown> = inP.length
      ? {
          open_dollars: pipsToDollars(inP[0]!), low_dollars: pipsToDollars(Math.min(...inP)), high_dollars: pipsToDollars(Math.max(...inP)),
          close_dollars: pipsToDollars(inP[inP.length - 1]!), mean_dollars: pipsToDollars(Math.round(notional / v)),
          previous_dollars: prevClose === null ? null : pipsToDollars(prevClose),
        }
      : { open_dollars: null, low_dollars: null, high_dollars: null, close_dollars: null, mean_dollars: null, previous_dollars: prevClose === null ? null : pipsToDollars(prevClose) };
    if (inP.length) prevClose = inP[inP.length - 1]!;
    candles.push({
      end_period_ts: end, yes_bid: ba(t0.bid, t1.bid), yes_ask: ba(t0.ask, t1.ask), price,
      volume_fp: ccToFp(v), open_interest_fp: ccToFp(Math.round(vol * e.oiFraction(i))),
    });
  }
  return candles;
}

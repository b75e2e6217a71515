import { readFileSync } from 'node:fs';
import type { RecordedCandle } from '../engine/exchange.ts';
import { loadTape, type Tape } from './tape.ts';

/**
 * A recorded history (`--history-file FILE`, JSONL): the tape's `series`, `event`, `market` and
 * `trade` lines (markets carry `result`, `close_time` and `settlement_ts`), plus
 *
 * - `{"type":"candlestick","ticker":"…","period_interval":60, …MarketCandlestick}`: one candle in
 *   Kalshi's live shape (`yes_bid.open_dollars`, `volume_fp`, …) or its historical shape
 *   (`yes_bid.open`, `volume`, …); `period_interval` is 1, 60 or 1440;
 * - `{"type":"cutoff","market_settled_ts":"…","trades_created_ts":"…"}` (optional): Kalshi's
 *   historical cutoff; markets settled before it are served under `/historical/*`.
 *
 * A market is served as settled (`finalized`) only with `settlement_ts` and a `result` of "yes" or
 * "no"; any other market stays `closed`.
 *
 * Unlike a tape, the clock starts after the last record: everything in the file is history.
 */
export interface HistoryFile {
  tape: Tape;
  /** candles by market ticker and period, ascending */
  candles: Map<string, Map<number, RecordedCandle[]>>;
  cutoffMs: number | null;
  /** the first moment at which every recorded market is settled and every candle has ended */
  endMs: number;
}

const PERIODS = new Set([1, 60, 1440]);

function toMs(v: unknown): number | null {
  if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return null;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Either candlestick shape → Kalshi's live MarketCandlestick shape. */
export function toLiveCandle(rec: Obj): RecordedCandle {
  const ba = (v: unknown) => {
    const o = obj(v);
    return {
      open_dollars: o.open_dollars ?? o.open,
      low_dollars: o.low_dollars ?? o.low,
      high_dollars: o.high_dollars ?? o.high,
      close_dollars: o.close_dollars ?? o.close,
    };
  };
  const p = obj(rec.price);
  const pick = (k: string) => (p[`${k}_dollars`] !== undefined ? p[`${k}_dollars`] : (p[k] ?? null));
  return {
    end_period_ts: Number(rec.end_period_ts),
    yes_bid: ba(rec.yes_bid),
    yes_ask: ba(rec.yes_ask),
    price: {
      open_dollars: pick('open'),
      low_dollars: pick('low'),
      high_dollars: pick('high'),
      close_dollars: pick('close'),
      mean_dollars: pick('mean'),
      previous_dollars: pick('previous'),
    },
    volume_fp: rec.volume_fp ?? rec.volume,
    open_interest_fp: rec.open_interest_fp ?? rec.open_interest,
  };
}

/** Kalshi's live MarketCandlestick → its historical MarketCandlestickHistorical shape. */
export function toHistoricalCandle(c: Obj): Obj {
  const ba = (v: unknown) => {
    const o = obj(v);
    return { open: o.open_dollars, low: o.low_dollars, high: o.high_dollars, close: o.close_dollars };
  };
  const p = obj(c.price);
  return {
    end_period_ts: c.end_period_ts,
    yes_bid: ba(c.yes_bid),
    yes_ask: ba(c.yes_ask),
    price: {
      open: p.open_dollars ?? null,
      low: p.low_dollars ?? null,
      high: p.high_dollars ?? null,
      close: p.close_dollars ?? null,
      mean: p.mean_dollars ?? null,
      previous: p.previous_dollars ?? null,
    },
    volume: c.volume_fp,
    open_interest: c.open_interest_fp,
  };
}

export function loadHistory(text: string, seed = 1): HistoryFile {
  const tapeLines: string[] = [];
  const candles = new Map<string, Map<number, RecordedCandle[]>>();
  let cutoffMs: number | null = null;
  let lastCandleMs = -Infinity;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const t = line.trim();
    if (!t) continue;
    // Only candle and cutoff lines are parsed here; the rest is the tape format, parsed by loadTape.
    if (!t.includes('"candlestick"') && !t.includes('"cutoff"')) {
      tapeLines.push(t);
      continue;
    }
    let rec: Obj;
    try {
      rec = JSON.parse(t) as Obj;
    } catch {
      throw new Error(`history line ${lineNo}: invalid JSON`);
    }
    if (rec.type === 'candlestick') {
      const ticker = String(rec.ticker ?? rec.market_ticker ?? '');
      const period = Number(rec.period_interval);
      const c = toLiveCandle(rec);
      if (!ticker || !PERIODS.has(period) || !Number.isInteger(c.end_period_ts)) {
        throw new Error(`history line ${lineNo}: a candlestick needs ticker, period_interval (1, 60 or 1440) and end_period_ts`);
      }
      let byPeriod = candles.get(ticker);
      if (!byPeriod) candles.set(ticker, (byPeriod = new Map()));
      let list = byPeriod.get(period);
      if (!list) byPeriod.set(period, (list = []));
      list.push(c);
      lastCandleMs = Math.max(lastCandleMs, c.end_period_ts * 1000);
    } else if (rec.type === 'cutoff') {
      cutoffMs = toMs(rec.market_settled_ts);
      if (cutoffMs === null) throw new Error(`history line ${lineNo}: a cutoff needs market_settled_ts`);
    } else {
      tapeLines.push(t);
    }
  }
  const tape = loadTape(tapeLines.join('\n'), seed, { marketsFromTrades: false });
  for (const [ticker, byPeriod] of candles) {
    if (!tape.universe.marketByTicker.has(ticker)) throw new Error(`history candlestick for unknown market ${ticker}`);
    for (const list of byPeriod.values()) list.sort((a, b) => a.end_period_ts - b.end_period_ts);
  }
  // The recorded settlement time is the market's: close + determination delay, no extra timer.
  let endMs = Math.max(tape.lastMs, lastCandleMs);
  for (const m of tape.universe.markets) {
    const settled = toMs(m.raw?.settlement_ts);
    const result = m.raw?.result;
    if (settled === null || (result !== 'yes' && result !== 'no')) {
      // recorded before it settled (or voided): it stays closed, never settled with a made-up result
      m.determineDelayS = 100 * 365 * 86400;
      endMs = Math.max(endMs, m.closeS * 1000);
      continue;
    }
    const sinceClose = Math.max(0, Math.floor(settled / 1000) - m.closeS);
    m.settleTimerS = Math.min(m.settleTimerS, sinceClose);
    m.determineDelayS = sinceClose - m.settleTimerS;
    endMs = Math.max(endMs, (m.closeS + m.determineDelayS + m.settleTimerS) * 1000);
  }
  return { tape, candles, cutoffMs, endMs };
}

export function loadHistoryFile(path: string, seed = 1): HistoryFile {
  return loadHistory(readFileSync(path, 'utf8'), seed);
}

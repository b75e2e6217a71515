/**
 * Input and output types of the scoring model. Floats are fine here: these are statistics, not money.
 * Prices are YES prices in dollars (0..1), sizes are contracts (fractional allowed), times are Unix milliseconds.
 */
import type { Label, LocalSignalName, SignalName } from './constants.ts';

export interface ScoringTrade {
  tradeId: string;
  /** Unix ms. */
  ts: number;
  /** YES price in dollars, 0..1. */
  yesPrice: number;
  /** Contracts (fractional allowed). */
  count: number;
  /** Aggressor side (`taker_outcome_side`): `yes` = the taker bought YES. */
  takerSide: 'yes' | 'no';
}

export interface BookState {
  ts: number;
  bestYesBid: number | null;
  bestYesAsk: number | null;
  /** bestYesAsk − bestYesBid, or null when a side is empty. */
  spread: number | null;
  /** Contracts resting on both sides near the touch (the caller defines "near"; use the same rule for history and now). */
  depth: number;
  /**
   * The median size of the resting levels near the touch (both sides, contracts): how large a typical resting order is.
   * Unlike the sum, one large order does not move it, nor does a side losing levels at a price extreme. Null or absent
   * when no level rests near the touch.
   */
  levelMedian?: number | null;
}

/**
 * A market's 7-day baseline, from {@link computeBaseline}. "Orders" are fills merged by (timestamp, taker side):
 * one taker order that sweeps several levels is one order. Fields are NaN-free; statistics without data are null or 0
 * and the matching `*Count` field says how much data stood behind them.
 */
export interface Baseline {
  /** Hours of history covered (windowEnd − windowStart). */
  historyHours: number;
  /** Fills (raw trades) in the history. */
  tradeCount: number;
  /** Orders (merged fills) in the history. */
  orderCount: number;
  /** Median and MAD of order sizes (contracts); 0 when there are no orders. */
  tradeSizeMedian: number;
  tradeSizeMad: number;
  /** 99th percentile of order sizes (contracts). */
  tradeSizeP99: number;
  /** Median and MAD of ln(order size): the scale the trade-size signal works on. */
  logSizeMedian: number;
  logSizeMad: number;
  /** Orders per clock hour: mean over the history, and median/MAD of the hourly counts. */
  tradesPerHourMean: number;
  tradesPerHourMedian: number;
  tradesPerHourMad: number;
  /**
   * Over-dispersion of order counts per scoring window around their hour-of-day expectation (Σ(n − e)² / Σe over the
   * history's back-to-back windows), so 1 for Poisson arrivals and more for a market whose orders come in clumps;
   * between 1 and ROBUST.maxDispersion; 1 while the history expects fewer than 5 orders.
   */
  tradesPerHourDispersion: number;
  /** Contracts per clock hour, mean over the history. */
  volumePerHourMean: number;
  /** Length of the historical windows below (ms): the scoring window length. */
  windowMs: number;
  /**
   * Median and MAD of ln(1 + splitFlow / median size) over historical windows, where splitFlow is the dominant taker
   * side's contracts minus its largest order minus the other side's contracts (≥ 0; 0 when the dominant side has fewer
   * than SIGNAL_PARAMS.accumulationMinOrders orders): net one-sided flow that is not a single big trade.
   */
  netFlowLogMedian: number;
  netFlowLogMad: number;
  /** 90th percentile of the same; most windows have no split flow (MAD 0), so the scale also uses (P90 − median) / 1.2816. */
  netFlowLogP90: number;
  /** Median and MAD of |YES price change| over historical windows of `windowMs` (dollars), and how many windows. */
  priceMoveMedian: number;
  priceMoveMad: number;
  priceMoveSamples: number;
  /** Same for the short horizon `shortMoveMs` (WINDOWS.shortMoveMs). */
  shortMoveMs: number;
  shortMoveMedian: number;
  shortMoveMad: number;
  shortMoveSamples: number;
  /**
   * The 90th and 99th percentiles of those |changes| (window, short): where the moves' own tail starts. Thin markets
   * move rarely and then by several cents, which a median and MAD of mostly-zero moves cannot describe. Absent in
   * baselines computed before they existed.
   */
  priceMoveQuantiles?: { q90: number; q99: number };
  shortMoveQuantiles?: { q90: number; q99: number };
  /** Spread (dollars) statistics over two-sided snapshots; null without book history. */
  spreadMedian: number | null;
  spreadMad: number | null;
  /** Depth (contracts) median and MAD, and median/MAD of ln(1 + depth); null without book history. */
  depthMedian: number | null;
  depthMad: number | null;
  logDepthMedian: number | null;
  logDepthMad: number | null;
  /** Book snapshots used. */
  bookCount: number;
  /** 24 shares summing to 1: the market's order activity by US Eastern hour of day (smoothed, never 0). */
  hourlyProfile: number[];
  /** ln(order size) at SIZE_TAIL.probabilities minus logSizeMedian (the shape of the size distribution); [] without orders. */
  logSizeOffsets: number[];
  /** Hill estimate of the tail index of order sizes (P(size > x) ∝ x^−α); 0 when too few orders. */
  sizeTailIndex: number;
  /** Hours of book history the time-weighted spread and depth statistics stand on. */
  bookHours: number;
  /** Per US Eastern hour: ln(median order size of the hour) − logSizeMedian, shrunk toward 0 (0 for an empty hour). */
  hourlyLogSizeOffset: number[];
  /** Per US Eastern hour: the hour's typical |price move| over the whole history's, shrunk toward 1. */
  hourlyMoveFactor: number[];
  /**
   * Per US Eastern hour: the hour's time-weighted median ln(1 + depth) minus logDepthMedian, shrunk toward 0 (books
   * thin overnight). Absent in baselines computed before it existed.
   */
  hourlyLogDepthOffset?: number[];
}

/**
 * Statistics pooled from mature baselines (median across markets) for markets still warming up. Same units as
 * {@link Baseline}; `source` says which pool they came from.
 */
export interface PooledPrior {
  source: 'series' | 'category' | 'all' | 'generic';
  markets: number;
  logSizeScale: number;
  logSizeOffsets: number[];
  sizeTailIndex: number;
  netFlowLogMedian: number;
  netFlowLogScale: number;
  /** Per scoring window (WINDOWS.scoringWindowMs) and per short horizon. */
  priceMoveMedian: number;
  priceMoveScale: number;
  shortMoveMedian: number;
  shortMoveScale: number;
  dispersion: number;
  hourlyProfile: number[];
  logDepthScale: number;
  spreadScale: number;
}

/** Recent books (from the last cycles), the liquidity reference until a market has MIN_HISTORY.bookHours of its own. */
export interface RecentBooks {
  /** Median spread and depth of the recent books, the MADs of the spread and of ln(1 + depth), and how many books. */
  spreadMedian: number | null;
  spreadMad: number | null;
  depthMedian: number;
  logDepthMad: number;
  count: number;
  /** The books of the last cycles, oldest first: a drain that lasts is read on them (spread null when one side was empty). */
  previous?: readonly RecentBook[];
}

/** One cycle's book as the scoring remembers it. */
export interface RecentBook {
  ts: number;
  spread: number | null;
  depth: number;
  levelMedian?: number | null;
}

export interface MarketWindow {
  ticker: string;
  eventTicker: string;
  /** Unix ms; the window ends here. */
  now: number;
  /** Window length in ms; default WINDOWS.scoringWindowMs. Trades should lie in [now − windowMs, now]. */
  windowMs?: number;
  /** The scoring window's trades, chronological (they are sorted defensively if not). */
  trades: readonly ScoringTrade[];
  /**
   * The YES price at the window start: preferably the mid of the book snapshot at the window start, otherwise the
   * last trade price before the window; null if unknown (then the first trade in the window is used).
   */
  priceBefore: number | null;
  /**
   * Unix ms when `priceBefore` was observed, when that is earlier than the window start (a last trade hours old). The
   * window's move is then judged over that longer span: a thin market's price drifts between its rare prints.
   */
  priceBeforeAt?: number | null;
  /**
   * The YES price WINDOWS.shortMoveMs (5 min) before `now`, same preference (book mid of the previous snapshot, else the
   * last trade before then). Optional: when omitted it is taken from the window's trades.
   */
  priceShortBefore?: number | null;
  /** The current book, or null if unknown. */
  book: BookState | null;
  /** The market's baseline, or null for a new market (scored against the prior). */
  baseline: Baseline | null;
  /** Priors pooled from the market's series or category (PRIORS' generic values when omitted). */
  prior?: PooledPrior | null;
  /** Recent books of this market, used for liquidity while its own book history is short. */
  recentBooks?: RecentBooks | null;
  /**
   * The market's own orders over the cycles before the window, and the hours they cover, remembered by the scoring: a
   * young market's burst is read against that rate as well as against its baseline's.
   */
  recentRate?: RecentRate | null;
}

export interface RecentRate {
  /** Orders (fills merged by timestamp and side) in the cycles remembered, and the hours those cycles covered. */
  orders: number;
  hours: number;
}

/** One signal: a 0..100 score, the numbers behind it, and (only when it fired) a phrase for the explanation. */
export interface SignalResult {
  score: number;
  facts: Record<string, number | string>;
  /** Set only when score ≥ EXPLANATION.minScore: a lower-case clause such as "the price jumped 12¢ …". */
  detail?: string;
}

/** How much history stood behind the scores: `warming` blends the market's own statistics with priors (see PRIORS). */
export type BaselineStatus = 'ok' | 'warming';

export type LocalSignals = { [K in LocalSignalName]: SignalResult } & { baselineStatus: BaselineStatus };

export type SignalSet = { [K in SignalName]: SignalResult };

export interface CompositeScore {
  /** 0..100, rounded to 2 decimals. */
  composite: number;
  label: Label;
  gatePassed: boolean;
  /** True when the composite was lowered by the gate. */
  capped: boolean;
  /** The uncapped weighted sum. */
  rawComposite: number;
  explanation: string;
  subScores: { [K in SignalName]: number };
}

/** One market of an event, for {@link crossMarketScores}. */
export interface CrossMarketInput {
  ticker: string;
  signals: { [K in LocalSignalName]: { score: number } };
  /** Signed YES price change over the window (dollars); used for the same/opposite direction facts. */
  priceChange: number;
}

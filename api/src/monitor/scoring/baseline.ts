/**
 * computeBaseline: a market's robust 7-day statistics. O(n log n) in trades + books (sorting for medians),
 * O(history / grid step) for the window-level statistics. Pure: no clock, no I/O.
 */
import { MIN_HISTORY, ROBUST, SIGNAL_PARAMS, SIZE_TAIL, WINDOWS } from './constants.ts';
import { easternHour, mad, medianSorted, quantileSorted, weightedMad, weightedMedian } from './stats.ts';
import type { Baseline, BookState, ScoringTrade } from './types.ts';

const HOUR_MS = 3_600_000;
/** Orders the history must expect before its over-dispersion is estimated (fewer say nothing about clumping). */
const DISPERSION_MIN_EXPECTED = 5;

export interface BaselineInput {
  /** The history's trades (any order; those outside [windowStart, windowEnd] are ignored). */
  trades: readonly ScoringTrade[];
  /** The history's book snapshots (any order). */
  books: readonly BookState[];
  windowStart: number;
  windowEnd: number;
  /** Length of the scoring window the window-level statistics are computed for; default WINDOWS.scoringWindowMs. */
  windowMs?: number;
}

/** Orders: fills merged by (timestamp, taker side), in time order, as parallel typed arrays. */
export interface Orders {
  n: number;
  ts: Float64Array;
  size: Float64Array;
  /** +1 = YES taker, −1 = NO taker. */
  side: Int8Array;
  /** Price of the order's last fill. */
  price: Float64Array;
  fills: number;
}

const validTrade = (t: ScoringTrade): boolean =>
  Number.isFinite(t.ts) && Number.isFinite(t.count) && t.count > 0 && Number.isFinite(t.yesPrice);

/**
 * The total order on fills every scoring step uses: time, then taker side, then trade id. Fills that share a
 * timestamp therefore merge, and give their first and last price, the same way whatever order they arrived in.
 */
export function compareFills(a: ScoringTrade, b: ScoringTrade): number {
  return a.ts - b.ts || (a.takerSide === b.takerSide ? 0 : a.takerSide === 'yes' ? -1 : 1) || (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0);
}

/** True when `trades` (valid ones) are already in {@link compareFills} order. */
export function inFillOrder(trades: readonly ScoringTrade[]): boolean {
  let prev: ScoringTrade | null = null;
  for (const t of trades) {
    if (!validTrade(t)) continue;
    if (prev && compareFills(prev, t) > 0) return false;
    prev = t;
  }
  return true;
}

/** Sorts (in {@link compareFills} order) and merges fills of the same taker order. Trades outside [from, to] are dropped. */
export function toOrders(trades: readonly ScoringTrade[], from = -Infinity, to = Infinity): Orders {
  const list: ScoringTrade[] = [];
  let sorted = true;
  let prev: ScoringTrade | null = null;
  for (const t of trades) {
    if (!validTrade(t) || t.ts < from || t.ts > to) continue;
    if (prev && compareFills(prev, t) > 0) sorted = false;
    prev = t;
    list.push(t);
  }
  if (!sorted) list.sort(compareFills);
  const n = list.length;
  const o: Orders = { n: 0, ts: new Float64Array(n), size: new Float64Array(n), side: new Int8Array(n), price: new Float64Array(n), fills: n };
  let k = -1;
  for (const t of list) {
    const side = t.takerSide === 'no' ? -1 : 1;
    if (k >= 0 && o.ts[k] === t.ts && o.side[k] === side) {
      o.size[k]! += t.count;
      o.price[k] = t.yesPrice;
      continue;
    }
    k++;
    o.ts[k] = t.ts;
    o.size[k] = t.count;
    o.side[k] = side;
    o.price[k] = t.yesPrice;
  }
  o.n = k + 1;
  return o;
}

function medMad(values: Float64Array): { median: number; mad: number } {
  if (values.length === 0) return { median: 0, mad: 0 };
  const s = values.slice().sort();
  const m = medianSorted(s);
  return { median: m, mad: mad(s, m) };
}

/** Mid of a two-sided book, or null. */
export function bookMid(b: BookState | null): number | null {
  if (!b || b.bestYesBid === null || b.bestYesAsk === null) return null;
  if (!Number.isFinite(b.bestYesBid) || !Number.isFinite(b.bestYesAsk)) return null;
  return (b.bestYesBid + b.bestYesAsk) / 2;
}

/** Spread of a book: the `spread` field, else ask − bid; null when one side is empty. */
export function bookSpread(b: BookState | null): number | null {
  if (!b) return null;
  if (b.spread !== null && Number.isFinite(b.spread)) return Math.max(0, b.spread);
  if (b.bestYesBid === null || b.bestYesAsk === null) return null;
  const s = b.bestYesAsk - b.bestYesBid;
  return Number.isFinite(s) ? Math.max(0, s) : null;
}

/**
 * One-sided flow that is not a single big order: dominant side's contracts − its largest order − the other side's
 * contracts, floored at 0; 0 when the dominant side has fewer than SIGNAL_PARAMS.accumulationMinOrders orders.
 * Orders [from, to) of `o`. The same statistic is used by the trade-size signal on the scoring window.
 */
export function splitFlow(o: Orders, from: number, to: number): number {
  let vYes = 0;
  let vNo = 0;
  let nYes = 0;
  let nNo = 0;
  let maxYes = 0;
  let maxNo = 0;
  for (let i = from; i < to; i++) {
    const s = o.size[i]!;
    if (o.side[i]! > 0) {
      vYes += s;
      nYes++;
      if (s > maxYes) maxYes = s;
    } else {
      vNo += s;
      nNo++;
      if (s > maxNo) maxNo = s;
    }
  }
  return splitFlowOf(vYes, vNo, nYes, nNo, maxYes, maxNo);
}

export function splitFlowOf(vYes: number, vNo: number, nYes: number, nNo: number, maxYes: number, maxNo: number): number {
  const yesDominant = vYes >= vNo;
  const nDom = yesDominant ? nYes : nNo;
  if (nDom < SIGNAL_PARAMS.accumulationMinOrders) return 0;
  const f = yesDominant ? vYes - maxYes - vNo : vNo - maxNo - vYes;
  return f > 0 ? f : 0;
}

/** Median/MAD of |p(t) − p(t − lag)| on the grid t = start + lag + k·step, p = last point before t (carried forward). */
function windowMoves(
  pTs: ArrayLike<number>,
  pVal: ArrayLike<number>,
  start: number,
  end: number,
  lag: number,
  step: number,
  byHour?: { sum: Float64Array; n: Float64Array },
): { median: number; mad: number; samples: number; quantiles: { q90: number; q99: number } } {
  const gridN = end - start >= lag ? Math.floor((end - start - lag) / step) + 1 : 0;
  const moves = new Float64Array(gridN);
  let k = 0;
  let pEnd = 0;
  let pStart = 0;
  for (let g = 0; g < gridN; g++) {
    const t = start + lag + g * step;
    const t0 = t - lag;
    while (pEnd < pTs.length && pTs[pEnd]! < t) pEnd++;
    while (pStart < pTs.length && pTs[pStart]! < t0) pStart++;
    if (pStart > 0 && pEnd > 0) {
      const move = Math.abs(pVal[pEnd - 1]! - pVal[pStart - 1]!);
      moves[k++] = move;
      if (byHour) {
        const h = easternHour(t - lag / 2);
        byHour.sum[h]! += move;
        byHour.n[h]! += 1;
      }
    }
  }
  const taken = moves.subarray(0, k);
  const sorted = taken.slice().sort();
  const quantiles = k > 0 ? { q90: quantileSorted(sorted, 0.9), q99: quantileSorted(sorted, 0.99) } : { q90: 0, q99: 0 };
  return { ...medMad(taken), samples: k, quantiles };
}

/**
 * How much more (or less) the price moves at each US Eastern hour than overall: mean |move| of the hour over the mean
 * of all, in logs shrunk toward 1 by ROBUST.hourShrinkWindows pseudo-windows, so an hour with few or no windows reads
 * as typical.
 */
function hourFactors(byHour: { sum: Float64Array; n: Float64Array }, samples: number): number[] {
  let total = 0;
  for (let h = 0; h < 24; h++) total += byHour.sum[h]!;
  const mean = samples > 0 ? total / samples : 0;
  return Array.from({ length: 24 }, (_, h) => {
    const nh = byHour.n[h]!;
    if (!(mean > 0) || nh === 0) return 1;
    const ratio = Math.max(byHour.sum[h]! / nh / mean, 0.05);
    return Math.exp((nh / (nh + ROBUST.hourShrinkWindows)) * Math.log(ratio));
  });
}

export function computeBaseline(input: BaselineInput): Baseline {
  const start = Number.isFinite(input.windowStart) ? input.windowStart : 0;
  const end = Number.isFinite(input.windowEnd) && input.windowEnd > start ? input.windowEnd : start;
  const W = input.windowMs !== undefined && input.windowMs > 0 ? input.windowMs : WINDOWS.scoringWindowMs;
  const historyHours = (end - start) / HOUR_MS;
  const orders = toOrders(input.trades, start, end);
  const n = orders.n;
  const sizes = orders.size.subarray(0, n);

  // ---- order sizes (linear and log scale)
  const sortedSizes = sizes.slice().sort();
  const sizeMedian = n > 0 ? medianSorted(sortedSizes) : 0;
  const sizeMad = n > 0 ? mad(sortedSizes, sizeMedian) : 0;
  const p99 = n > 0 ? quantileSorted(sortedSizes, ROBUST.sizeQuantile) : 0;
  const logSizes = new Float64Array(n);
  for (let i = 0; i < n; i++) logSizes[i] = Math.log(sortedSizes[i]!);
  const logMedian = n > 0 ? medianSorted(logSizes) : 0;
  const logMad = n > 0 ? mad(logSizes, logMedian) : 0;
  let volume = 0;
  for (let i = 0; i < n; i++) volume += sizes[i]!;
  // the shape of the size distribution: log quantiles relative to the median, and a Hill tail index
  const logSizeOffsets = n > 0 ? SIZE_TAIL.probabilities.map((p) => quantileSorted(logSizes, p) - logMedian) : [];
  let sizeTailIndex = 0;
  const kTail = Math.max(SIZE_TAIL.hillMinOrders, Math.floor(SIZE_TAIL.hillShare * n));
  if (n > 4 * kTail) {
    const threshold = logSizes[n - 1 - kTail]!;
    let sum = 0;
    for (let i = n - kTail; i < n; i++) sum += logSizes[i]! - threshold;
    sizeTailIndex = sum > 0 ? kTail / sum : SIZE_TAIL.maxTailIndex;
    sizeTailIndex = Math.min(SIZE_TAIL.maxTailIndex, Math.max(SIZE_TAIL.minTailIndex, sizeTailIndex));
  }

  // ---- order size by hour of day: the median log size of each US Eastern hour, relative to the whole
  // history, shrunk toward 0 by SIZE_TAIL.hourShrinkOrders pseudo-orders (an empty hour reads as typical)
  const logByHour: number[][] = Array.from({ length: 24 }, () => []);
  for (let i = 0; i < n; i++) logByHour[easternHour(orders.ts[i]!)]!.push(Math.log(sizes[i]!));
  const hourlyLogSizeOffset = logByHour.map((xs) => {
    if (xs.length === 0) return 0;
    const m = medianSorted(Float64Array.from(xs).sort());
    return (xs.length / (xs.length + SIZE_TAIL.hourShrinkOrders)) * (m - logMedian);
  });

  // ---- hourly counts (clock hours) and the US Eastern hour-of-day profile
  const firstHour = Math.floor(start / HOUR_MS);
  const lastHour = end > start ? Math.ceil(end / HOUR_MS) - 1 : firstHour - 1;
  const nHours = Math.max(0, lastHour - firstHour + 1);
  const hourCounts = new Float64Array(nHours);
  const etCounts = new Float64Array(24);
  const etExposure = new Float64Array(24);
  for (let h = 0; h < nHours; h++) {
    const hs = (firstHour + h) * HOUR_MS;
    const overlap = Math.min(end, hs + HOUR_MS) - Math.max(start, hs);
    if (overlap > 0) etExposure[easternHour(hs)]! += overlap / HOUR_MS;
  }
  for (let i = 0; i < n; i++) {
    const t = orders.ts[i]!;
    const h = Math.min(nHours - 1, Math.floor(t / HOUR_MS) - firstHour);
    if (h >= 0) hourCounts[h]! += 1;
    etCounts[easternHour(t)]! += 1;
  }
  // full hours only for the median/MAD of hourly counts
  const fullCounts: number[] = [];
  for (let h = 0; h < nHours; h++) {
    const hs = (firstHour + h) * HOUR_MS;
    if (hs >= start && hs + HOUR_MS <= end) fullCounts.push(hourCounts[h]!);
  }
  const hc = medMad(Float64Array.from(fullCounts));
  const ordersPerHourMean = historyHours > 0 ? n / historyHours : 0;
  // profile: per-hour rates shrunk toward the average rate by `profilePseudoOrders / 24` pseudo-orders per hour
  const pseudo = ROBUST.profilePseudoOrders / 24;
  let totalExposure = 0;
  for (let h = 0; h < 24; h++) totalExposure += etExposure[h]!;
  const avgRate = totalExposure > 0 ? n / totalExposure : 0;
  const rates = new Array<number>(24);
  let rateSum = 0;
  for (let h = 0; h < 24; h++) {
    const r = avgRate > 0 ? (etCounts[h]! + pseudo) / (etExposure[h]! + pseudo / avgRate) : 1;
    rates[h] = r;
    rateSum += r;
  }
  const hourlyProfile = rates.map((r) => (rateSum > 0 ? r / rateSum : 1 / 24));

  // over-dispersion of order counts per scoring window around their hour-of-day expectation, Σ(n − e)² / Σe over the
  // history's back-to-back windows (1 for Poisson arrivals). A moment on purpose, not a robust statistic: a market
  // whose orders come in clumps (news, one trader sending several orders) must read its clumps as ordinary, and a
  // thin market, whose hours mostly hold no order, has its clumps measured too. 1 until the history expects
  // DISPERSION_MIN_EXPECTED orders.
  let sq = 0;
  let expectedSum = 0;
  const nWindows = Math.floor((end - start) / W);
  if (nWindows > 0 && n > 0) {
    const counts = new Float64Array(nWindows);
    for (let i = 0; i < n; i++) {
      const k = Math.floor((orders.ts[i]! - start) / W);
      if (k >= 0 && k < nWindows) counts[k]! += 1;
    }
    for (let k = 0; k < nWindows; k++) {
      const e = (ordersPerHourMean * 24 * hourlyProfile[easternHour(start + (k + 0.5) * W)]! * W) / HOUR_MS;
      sq += (counts[k]! - e) * (counts[k]! - e);
      expectedSum += e;
    }
  }
  const dispersion = expectedSum >= DISPERSION_MIN_EXPECTED ? Math.min(ROBUST.maxDispersion, Math.max(1, sq / expectedSum)) : 1;

  // ---- window-level statistics on a grid of windows [t − W, t)
  const step = WINDOWS.baselineGridStepMs;
  const sizeUnit = sizeMedian > 0 ? Math.max(sizeMedian, ROBUST.sizeUnitFloor) : 1;

  // price series: two-sided book mids when there are enough, else order prices
  // Snapshots are stored when the book changes (and at least hourly), so each one stands for the time until the next:
  // weighting by that time gives the distribution of the book over time, not over changes.
  const mids: { ts: number; p: number }[] = [];
  const spreads: number[] = [];
  const spreadW: number[] = [];
  const depths: number[] = [];
  const depthW: number[] = [];
  const depthHour: number[] = [];
  const books = input.books.filter((b) => Number.isFinite(b.ts) && b.ts >= start && b.ts <= end).sort((a, b) => a.ts - b.ts);
  let bookMs = 0;
  for (let i = 0; i < books.length; i++) {
    const b = books[i]!;
    const next = i + 1 < books.length ? books[i + 1]!.ts : end;
    const w = Math.max(0, Math.min(next - b.ts, ROBUST.maxSnapshotWeightMs));
    bookMs += w;
    const mid = bookMid(b);
    if (mid !== null) mids.push({ ts: b.ts, p: mid });
    const sp = bookSpread(b);
    if (sp !== null && mid !== null && w > 0) {
      spreads.push(sp);
      spreadW.push(w);
    }
    if (Number.isFinite(b.depth) && b.depth >= 0 && w > 0) {
      depths.push(b.depth);
      depthW.push(w);
      depthHour.push(easternHour(b.ts));
    }
  }
  let pTs: ArrayLike<number>;
  let pVal: ArrayLike<number>;
  if (mids.length >= MIN_HISTORY.priceWindows) {
    pTs = Float64Array.from(mids, (m) => m.ts);
    pVal = Float64Array.from(mids, (m) => m.p);
  } else {
    pTs = orders.ts.subarray(0, n);
    pVal = orders.price.subarray(0, n);
  }

  const gridN = end - start >= W ? Math.floor((end - start - W) / step) + 1 : 0;
  const flows = new Float64Array(gridN);
  let iEnd = 0; // orders with ts < t
  let iStart = 0; // orders with ts < t − W
  for (let g = 0; g < gridN; g++) {
    const t = start + W + g * step;
    const t0 = t - W;
    while (iEnd < n && orders.ts[iEnd]! < t) iEnd++;
    while (iStart < n && orders.ts[iStart]! < t0) iStart++;
    flows[g] = Math.log1p(splitFlow(orders, iStart, iEnd) / sizeUnit);
  }
  const fl = medMad(flows);
  const flP90 = gridN > 0 ? quantileSorted(flows.slice().sort(), 0.9) : 0;
  const movesByHour = { sum: new Float64Array(24), n: new Float64Array(24) };
  const mv = windowMoves(pTs, pVal, start, end, W, step, movesByHour);
  const shortMs = WINDOWS.shortMoveMs;
  const smv = windowMoves(pTs, pVal, start, end, shortMs, step);

  const weighted = (values: number[], weights: number[]) => {
    const median = weightedMedian(values, weights);
    return { median, mad: weightedMad(values, weights, median) };
  };
  const sp = weighted(spreads, spreadW);
  const dp = weighted(depths, depthW);
  const ld = weighted(depths.map((d) => Math.log1p(d)), depthW);
  const hasSpread = spreads.length > 0;
  const hasDepth = depths.length > 0;
  // depth by hour of day (books thin overnight): each US Eastern hour's time-weighted median log depth relative to the
  // whole history's, shrunk toward 0 by ROBUST.hourShrinkBookHours pseudo-hours (an hour without books reads as typical)
  const logDepths = depths.map((d) => Math.log1p(d));
  const hourlyLogDepthOffset = Array.from({ length: 24 }, (_, h) => {
    const idx = depthHour.flatMap((x, i) => (x === h ? [i] : []));
    const hours = idx.reduce((a, i) => a + depthW[i]!, 0) / HOUR_MS;
    if (idx.length === 0 || !hasDepth) return 0;
    const m = weightedMedian(idx.map((i) => logDepths[i]!), idx.map((i) => depthW[i]!));
    return Number.isFinite(m) ? (hours / (hours + ROBUST.hourShrinkBookHours)) * (m - ld.median) : 0;
  });

  return {
    historyHours,
    tradeCount: orders.fills,
    orderCount: n,
    tradeSizeMedian: sizeMedian,
    tradeSizeMad: sizeMad,
    tradeSizeP99: p99,
    logSizeMedian: logMedian,
    logSizeMad: logMad,
    tradesPerHourMean: ordersPerHourMean,
    tradesPerHourMedian: hc.median,
    tradesPerHourMad: hc.mad,
    tradesPerHourDispersion: dispersion,
    volumePerHourMean: historyHours > 0 ? volume / historyHours : 0,
    windowMs: W,
    netFlowLogMedian: fl.median,
    netFlowLogMad: fl.mad,
    netFlowLogP90: flP90,
    priceMoveMedian: mv.median,
    priceMoveMad: mv.mad,
    priceMoveSamples: mv.samples,
    shortMoveMs: shortMs,
    shortMoveMedian: smv.median,
    shortMoveMad: smv.mad,
    shortMoveSamples: smv.samples,
    priceMoveQuantiles: mv.quantiles,
    shortMoveQuantiles: smv.quantiles,
    spreadMedian: hasSpread ? sp.median : null,
    spreadMad: hasSpread ? sp.mad : null,
    depthMedian: hasDepth ? dp.median : null,
    depthMad: hasDepth ? dp.mad : null,
    logDepthMedian: hasDepth ? ld.median : null,
    logDepthMad: hasDepth ? ld.mad : null,
    bookCount: Math.max(spreads.length, depths.length),
    hourlyProfile,
    logSizeOffsets,
    sizeTailIndex,
    bookHours: bookMs / HOUR_MS,
    hourlyLogSizeOffset,
    hourlyMoveFactor: hourFactors(movesByHour, mv.samples),
    hourlyLogDepthOffset,
  };
}

/**
 * scoreSignals: the five market-level signals of one market's scoring window against its own baseline.
 * O(trades in the window); the only allocations are a scratch buffer reused across calls and the small result objects.
 */
import { EXPLANATION, MIN_HISTORY, NO_BASELINE, ROBUST, SCORE_RAMPS, SIGNAL_PARAMS, WINDOWS } from './constants.ts';
import { bookMid, bookSpread, splitFlowOf } from './baseline.ts';
import { fmtCents, fmtCount, fmtExpected, fmtHour, fmtMinutes, fmtMultiple, fmtPercent } from './format.ts';
import { easternHour, poissonTailLog10, ramp, robustScale, robustZ } from './stats.ts';
import type { Baseline, BaselineStatus, LocalSignals, MarketWindow, ScoringTrade, SignalResult } from './types.ts';

const HOUR_MS = 3_600_000;
/** z of the 90th percentile of a normal distribution. */
const Z90 = 1.2816;
const FLAT_PROFILE: readonly number[] = Object.freeze(Array.from({ length: 24 }, () => 1 / 24));

/** Effective statistics the signals compare against: the market's own, or conservative priors (see NO_BASELINE). */
interface Effective {
  status: BaselineStatus;
  sizeMedian: number;
  sizeP99: number;
  logSizeMedian: number;
  logSizeScale: number;
  netFlowMedian: number;
  netFlowScale: number;
  moveMedian: number;
  moveScale: number;
  shortMoveMedian: number;
  shortMoveScale: number;
  ordersPerHour: number;
  dispersion: number;
  profile: readonly number[];
  volumePerHour: number;
  timingEnabled: boolean;
}

/** Is the baseline trustworthy (enough hours and orders)? */
export function baselineStatus(b: Baseline | null): BaselineStatus {
  return b !== null && b.historyHours >= MIN_HISTORY.hours && b.orderCount >= MIN_HISTORY.orders ? 'ok' : 'limited';
}

function effective(b: Baseline | null, windowMs: number): Effective {
  const status = baselineStatus(b);
  const ok = status === 'ok';
  // sizes
  let sizeMedian: number = NO_BASELINE.priorTradeSizeMedian;
  let sizeP99 = 0;
  let logSizeMedian = Math.log(NO_BASELINE.priorTradeSizeMedian);
  let logSizeScale: number = NO_BASELINE.priorLogSizeScale;
  if (b && b.orderCount >= 5 && b.tradeSizeMedian > 0) {
    sizeMedian = Math.max(b.tradeSizeMedian, ROBUST.sizeUnitFloor);
    if (ok) sizeP99 = b.tradeSizeP99;
    logSizeMedian = b.logSizeMedian;
    logSizeScale = robustScale(b.logSizeMad, ROBUST.logSizeScaleFloor);
    if (!ok) logSizeScale = Math.max(logSizeScale, NO_BASELINE.priorLogSizeScale);
  }
  // net flow per window
  let netFlowMedian = 0;
  let netFlowScale: number = NO_BASELINE.priorNetFlowLogScale;
  if (b && b.orderCount >= 5) {
    netFlowMedian = b.netFlowLogMedian;
    netFlowScale = Math.max(robustScale(b.netFlowLogMad, ROBUST.netFlowLogScaleFloor), (b.netFlowLogP90 - b.netFlowLogMedian) / Z90);
    if (!ok) netFlowScale = Math.max(netFlowScale, NO_BASELINE.priorNetFlowLogScale);
  }
  // price moves, scaled from the baseline's window length to this window (square-root of time)
  let moveMedian: number = NO_BASELINE.priorPriceMoveMedian;
  let moveScale: number = NO_BASELINE.priorPriceMoveScale;
  // price statistics come from book snapshots too, so they are trusted once they span MIN_HISTORY.hours even when the
  // market has few trades; otherwise they are widened to the priors
  const priceOk = b !== null && b.historyHours >= MIN_HISTORY.hours;
  if (b && b.priceMoveSamples >= MIN_HISTORY.priceWindows) {
    const k = b.windowMs > 0 ? Math.sqrt(windowMs / b.windowMs) : 1;
    moveMedian = b.priceMoveMedian * k;
    moveScale = robustScale(b.priceMoveMad, ROBUST.priceMoveScaleFloor) * k;
    if (!priceOk) {
      moveMedian = Math.max(moveMedian, NO_BASELINE.priorPriceMoveMedian);
      moveScale = Math.max(moveScale, NO_BASELINE.priorPriceMoveScale);
    }
  }
  // the short horizon: the same, from the baseline's short-lag statistics, prior scaled by √(short / window)
  const kShort = Math.sqrt(WINDOWS.shortMoveMs / WINDOWS.scoringWindowMs);
  let shortMoveMedian = NO_BASELINE.priorPriceMoveMedian * kShort;
  let shortMoveScale = NO_BASELINE.priorPriceMoveScale * kShort;
  if (b && b.shortMoveSamples >= MIN_HISTORY.priceWindows) {
    shortMoveMedian = b.shortMoveMedian;
    shortMoveScale = robustScale(b.shortMoveMad, ROBUST.priceMoveScaleFloor);
    if (!priceOk) {
      shortMoveMedian = Math.max(shortMoveMedian, NO_BASELINE.priorPriceMoveMedian * kShort);
      shortMoveScale = Math.max(shortMoveScale, NO_BASELINE.priorPriceMoveScale * kShort);
    }
  }
  let ordersPerHour: number = NO_BASELINE.priorOrdersPerHour;
  let dispersion = 1;
  let profile: readonly number[] = FLAT_PROFILE;
  let volumePerHour = 0;
  if (b) {
    dispersion = b.tradesPerHourDispersion >= 1 ? Math.min(b.tradesPerHourDispersion, ROBUST.maxDispersion) : 1;
    volumePerHour = b.volumePerHourMean;
    if (ok) {
      ordersPerHour = b.tradesPerHourMean;
      if (b.hourlyProfile.length === 24) profile = b.hourlyProfile;
    } else {
      ordersPerHour = Math.max(b.tradesPerHourMean, NO_BASELINE.priorOrdersPerHour);
    }
  }
  return { status, sizeMedian, sizeP99, logSizeMedian, logSizeScale, netFlowMedian, netFlowScale, moveMedian, moveScale, shortMoveMedian, shortMoveScale, ordersPerHour, dispersion, profile, volumePerHour, timingEnabled: ok };
}

// scratch buffer for order timestamps (clustering), reused across calls
let scratchTs = new Float64Array(1024);

function validTrade(t: ScoringTrade): boolean {
  return Number.isFinite(t.ts) && Number.isFinite(t.count) && t.count > 0 && Number.isFinite(t.yesPrice);
}

function isChronological(trades: readonly ScoringTrade[]): boolean {
  let prev = -Infinity;
  for (const t of trades) {
    if (!validTrade(t)) continue;
    if (t.ts < prev) return false;
    prev = t.ts;
  }
  return true;
}

const SIDE = (s: number) => (s > 0 ? 'YES' : 'NO');
const round = (x: number, d = 2) => {
  const f = 10 ** d;
  const r = Math.round(x * f) / f;
  return Number.isFinite(r) ? r : 0;
};
const clampPrice = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

export function scoreSignals(w: MarketWindow): LocalSignals {
  const W = w.windowMs !== undefined && w.windowMs > 0 && Number.isFinite(w.windowMs) ? w.windowMs : WINDOWS.scoringWindowMs;
  const eff = effective(w.baseline, W);
  const trades = isChronological(w.trades) ? w.trades : [...w.trades].sort((a, b) => a.ts - b.ts);

  // ---- one pass: merge fills into orders, track the largest order, flows, prices; keep order timestamps
  if (scratchTs.length < trades.length) scratchTs = new Float64Array(Math.max(trades.length, scratchTs.length * 2));
  let nOrders = 0;
  let curTs = Number.NaN;
  let curSide = 0;
  let curSize = 0;
  let curPrice = 0;
  let maxSize = 0;
  let maxSide = 0;
  let maxPrice = 0;
  let vYes = 0;
  let vNo = 0;
  let nYes = 0;
  let nNo = 0;
  let maxYes = 0;
  let maxNo = 0;
  let firstPrice = Number.NaN;
  let lastPrice = Number.NaN;
  let lastPriceBeforeShort = Number.NaN;
  const shortFrom = w.now - WINDOWS.shortMoveMs;
  const closeOrder = () => {
    if (curSide === 0) return;
    if (curSize > maxSize) {
      maxSize = curSize;
      maxSide = curSide;
      maxPrice = curPrice;
    }
    if (curSide > 0) {
      nYes++;
      if (curSize > maxYes) maxYes = curSize;
    } else {
      nNo++;
      if (curSize > maxNo) maxNo = curSize;
    }
    scratchTs[nOrders++] = curTs;
  };
  for (const t of trades) {
    if (!validTrade(t)) continue;
    const side = t.takerSide === 'no' ? -1 : 1;
    if (side > 0) vYes += t.count;
    else vNo += t.count;
    if (Number.isNaN(firstPrice)) firstPrice = t.yesPrice;
    lastPrice = t.yesPrice;
    if (t.ts < shortFrom) lastPriceBeforeShort = t.yesPrice;
    if (t.ts === curTs && side === curSide) {
      curSize += t.count;
      curPrice = t.yesPrice;
      continue;
    }
    closeOrder();
    curTs = t.ts;
    curSide = side;
    curSize = t.count;
    curPrice = t.yesPrice;
  }
  closeOrder();
  const volume = vYes + vNo;

  return {
    tradeSize: tradeSizeSignal(eff, maxSize, maxSide, maxPrice, vYes, vNo, nYes, nNo, maxYes, maxNo, W),
    priceImpact: priceImpactSignal(eff, w, firstPrice, lastPrice, lastPriceBeforeShort, vYes, vNo, W),
    liquidity: liquiditySignal(w.baseline, w.book),
    clustering: clusteringSignal(eff, scratchTs, nOrders, W),
    timing: timingSignal(eff, w.now, W, volume),
    baselineStatus: eff.status,
  };
}

function tradeSizeSignal(eff: Effective, maxSize: number, maxSide: number, maxPrice: number, vYes: number, vNo: number, nYes: number, nNo: number, maxYes: number, maxNo: number, W: number): SignalResult {
  // single largest order, robust z on log size
  const zSingle = maxSize > 0 ? robustZ(Math.log(maxSize), eff.logSizeMedian, eff.logSizeScale) : 0;
  const vsP99 = eff.sizeP99 > 0 && maxSize > 0 ? Math.log10(maxSize / eff.sizeP99) : 0;
  const sSingle = Math.max(ramp(zSingle, SCORE_RAMPS.tradeSizeSingle), ramp(vsP99, SCORE_RAMPS.tradeSizeVsP99));
  // accumulation: one-sided flow without the largest order (split orders), in median orders, vs past windows
  const net = Math.abs(vYes - vNo);
  const netSide = vYes >= vNo ? 1 : -1;
  const dominantOrders = netSide > 0 ? nYes : nNo;
  const split = splitFlowOf(vYes, vNo, nYes, nNo, maxYes, maxNo);
  const zAcc = split > 0 ? robustZ(Math.log1p(split / eff.sizeMedian), eff.netFlowMedian, eff.netFlowScale) : 0;
  const sAcc = ramp(zAcc, SCORE_RAMPS.tradeSizeAccumulation);
  const score = Math.max(sSingle, sAcc);
  const kind = sAcc > sSingle ? 'accumulation' : 'single';
  const facts: Record<string, number | string> = {
    kind,
    maxOrderSize: round(maxSize),
    maxOrderSide: maxSide === 0 ? 'none' : maxSide > 0 ? 'yes' : 'no',
    maxOrderPrice: round(maxPrice, 4),
    medianTradeSize: round(eff.sizeMedian),
    multipleOfMedian: round(maxSize / eff.sizeMedian),
    p99TradeSize: round(eff.sizeP99),
    multipleOfP99: eff.sizeP99 > 0 ? round(maxSize / eff.sizeP99) : 0,
    zSingle: round(zSingle),
    netFlow: round(net),
    splitFlow: round(split),
    netSide: netSide > 0 ? 'yes' : 'no',
    dominantOrders,
    zAccumulation: round(zAcc),
  };
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    const typical = eff.status === 'ok' ? "this market's median trade size" : 'a typical trade size';
    if (kind === 'single') {
      let d = `a ${fmtCount(maxSize)}-contract ${SIDE(maxSide)} trade was ${fmtMultiple(maxSize / eff.sizeMedian)}× ${typical}`;
      if (eff.sizeP99 > 0 && maxSize >= 1.5 * eff.sizeP99) d += ` and ${fmtMultiple(maxSize / eff.sizeP99)}× its 99th percentile`;
      r.detail = d;
    } else {
      r.detail = `${dominantOrders} ${SIDE(netSide)} orders added up to a net ${fmtCount(net)} contracts within ${fmtMinutes(W)}, ${fmtMultiple(net / eff.sizeMedian)}× ${typical}`;
    }
  }
  return r;
}

function priceImpactSignal(eff: Effective, w: MarketWindow, firstPrice: number, lastPrice: number, lastPriceBeforeShort: number, vYes: number, vNo: number, W: number): SignalResult {
  const fin = (p: number | null | undefined): p is number => p !== null && p !== undefined && Number.isFinite(p);
  const before = fin(w.priceBefore) ? clampPrice(w.priceBefore) : Number.isFinite(firstPrice) ? clampPrice(firstPrice) : Number.NaN;
  const mid = bookMid(w.book);
  const after = mid !== null ? clampPrice(mid) : Number.isFinite(lastPrice) ? clampPrice(lastPrice) : before;
  const shortBefore = fin(w.priceShortBefore) ? clampPrice(w.priceShortBefore) : Number.isFinite(lastPriceBeforeShort) ? clampPrice(lastPriceBeforeShort) : before;
  const move = Number.isFinite(before) && Number.isFinite(after) ? after - before : 0;
  const shortMove = Number.isFinite(shortBefore) && Number.isFinite(after) ? after - shortBefore : 0;
  const zWindow = robustZ(Math.abs(move), eff.moveMedian, eff.moveScale);
  const zShort = robustZ(Math.abs(shortMove), eff.shortMoveMedian, eff.shortMoveScale);
  const useShort = zShort > zWindow;
  const z = useShort ? zShort : zWindow;
  const m = useShort ? shortMove : move;
  const from = useShort ? shortBefore : before;
  const vol = vYes + vNo;
  const alignment = vol > 0 && m !== 0 ? (Math.sign(m) * (vYes - vNo)) / vol : 0;
  const factor = SIGNAL_PARAMS.priceImpactAlignmentBase + SIGNAL_PARAMS.priceImpactAlignmentSlope * alignment;
  const zEff = z > 0 ? z * factor : z;
  const score = ramp(zEff, SCORE_RAMPS.priceImpact);
  const typical = useShort ? eff.shortMoveMedian : eff.moveMedian;
  const horizon = useShort ? WINDOWS.shortMoveMs : W;
  const facts: Record<string, number | string> = {
    priceBefore: Number.isFinite(before) ? round(before, 4) : 'unknown',
    priceNow: Number.isFinite(after) ? round(after, 4) : 'unknown',
    move: round(move, 4),
    typicalMove: round(eff.moveMedian, 4),
    zWindow: round(zWindow),
    shortMove: round(shortMove, 4),
    typicalShortMove: round(eff.shortMoveMedian, 4),
    zShort: round(zShort),
    horizonMinutes: horizon / 60_000,
    alignment: round(alignment),
    zAdjusted: round(zEff),
  };
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    let d = `the price ${m > 0 ? 'jumped' : 'fell'} ${fmtCents(Math.abs(m))} (${fmtCents(from)} → ${fmtCents(after)}) in ${fmtMinutes(horizon)} against a typical ${fmtCents(typical)} move`;
    if (alignment >= 0.5) d += `, in the direction ${m > 0 ? 'YES' : 'NO'} takers pushed`;
    r.detail = d;
  }
  return r;
}

function liquiditySignal(b: Baseline | null, book: MarketWindow['book']): SignalResult {
  const facts: Record<string, number | string> = {};
  if (!b || !book || b.bookCount < MIN_HISTORY.books) {
    facts.reason = !book ? 'no book' : 'no book history';
    return { score: 0, facts };
  }
  let sSpread = 0;
  let sDepth = 0;
  const spread = bookSpread(book);
  if (spread !== null && b.spreadMedian !== null && b.spreadMad !== null) {
    const z = robustZ(spread, b.spreadMedian, robustScale(b.spreadMad, ROBUST.spreadScaleFloor));
    sSpread = ramp(z, SCORE_RAMPS.spread);
    facts.spread = round(spread, 4);
    facts.spreadMedian = round(b.spreadMedian, 4);
    facts.zSpread = round(z);
  }
  const depth = book.depth;
  if (Number.isFinite(depth) && depth >= 0 && b.logDepthMedian !== null && b.logDepthMad !== null && b.depthMedian !== null) {
    const z = robustZ(b.logDepthMedian, Math.log1p(depth), robustScale(b.logDepthMad, ROBUST.logDepthScaleFloor));
    sDepth = ramp(z, SCORE_RAMPS.depth);
    facts.depth = round(depth);
    facts.depthMedian = round(b.depthMedian);
    facts.depthDrop = b.depthMedian > 0 ? round(Math.max(0, 1 - depth / b.depthMedian)) : 0;
    facts.zDepth = round(z);
  }
  const hi = Math.max(sSpread, sDepth);
  const lo = Math.min(sSpread, sDepth);
  const score = Math.min(100, hi + SIGNAL_PARAMS.liquiditySecondaryShare * lo);
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    const parts: string[] = [];
    if (sDepth >= sSpread || sDepth >= EXPLANATION.minScore) parts.push(`the book's depth fell ${fmtPercent(Number(facts.depthDrop))} below its 7-day median`);
    if (sSpread > sDepth || sSpread >= EXPLANATION.minScore) parts.push(`the spread widened to ${fmtCents(spread ?? 0)} from a typical ${fmtCents(b.spreadMedian ?? 0)}`);
    r.detail = parts.join(' and ');
  }
  return r;
}

function clusteringSignal(eff: Effective, ts: Float64Array, n: number, W: number): SignalResult {
  const span = Math.min(WINDOWS.clusterSpanMs, W);
  // busiest short span [ts[i], ts[i] + span) by two pointers
  let best = 0;
  let bestStart = n > 0 ? ts[0]! : 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (j < i) j = i;
    while (j < n && ts[j]! < ts[i]! + span) j++;
    if (j - i > best) {
      best = j - i;
      bestStart = ts[i]!;
    }
  }
  const d = eff.dispersion;
  const tests = 2; // the short span and the whole window
  const perHour = (t: number) => eff.ordersPerHour * 24 * (eff.profile[easternHour(t)] ?? 1 / 24);
  const expectedShort = perHour(bestStart) * (span / HOUR_MS);
  const expectedWindow = n > 0 ? perHour(ts[(n - 1) >> 1]!) * (W / HOUR_MS) : 0;
  // quasi-Poisson: counts and expectations divided by the dispersion; Bonferroni over the spans searched
  const surpriseOf = (k: number, expected: number, positions: number) => {
    if (k < SIGNAL_PARAMS.clusteringMinOrders) return 0;
    const lg = poissonTailLog10(k / d, expected / d) + Math.log10(positions * tests);
    return lg < 0 ? -lg : 0;
  };
  const sShort = surpriseOf(best, expectedShort, Math.max(1, W / span));
  const sWindow = surpriseOf(n, expectedWindow, 1);
  const useWindow = sWindow > sShort;
  const surprise = useWindow ? sWindow : sShort;
  const score = ramp(surprise, SCORE_RAMPS.clusteringSurprise);
  const facts: Record<string, number | string> = {
    ordersInSpan: best,
    spanMinutes: span / 60_000,
    expectedInSpan: round(expectedShort, 4),
    ordersInWindow: n,
    expectedInWindow: round(expectedWindow, 4),
    dispersion: round(d),
    surprise: round(surprise),
  };
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    r.detail = useWindow
      ? `${n} orders arrived within ${fmtMinutes(W)} where about ${fmtExpected(expectedWindow)} would be expected at this hour`
      : `${best} orders arrived within ${fmtMinutes(span)} where about ${fmtExpected(expectedShort)} would be expected at this hour`;
  }
  return r;
}

function timingSignal(eff: Effective, now: number, W: number, volume: number): SignalResult {
  const facts: Record<string, number | string> = {};
  if (!eff.timingEnabled) {
    facts.reason = 'not enough history';
    return { score: 0, facts };
  }
  const hour = easternHour(now - W / 2);
  const share = eff.profile[hour] ?? 1 / 24;
  let quiet = 1 - Math.min(1, (share * 24) / SIGNAL_PARAMS.timingQuietShareRatio);
  const night = hour >= SIGNAL_PARAMS.timingNightStartHour && hour < SIGNAL_PARAMS.timingNightEndHour;
  if (night) quiet = Math.max(quiet, SIGNAL_PARAMS.timingNightQuietness);
  const expected = eff.volumePerHour * 24 * share * (W / HOUR_MS);
  const floor = Math.max(expected, eff.sizeMedian * 0.1, 1e-9);
  const ratio = volume / floor;
  const enough = volume >= SIGNAL_PARAMS.timingMinMedianOrders * eff.sizeMedian;
  const elevation = enough && ratio > 0 ? ramp(Math.log10(ratio), SCORE_RAMPS.timingVolumeRatioLog10) : 0;
  const score = elevation * quiet;
  facts.hourET = hour;
  facts.hourShare = round(share, 4);
  facts.quietness = round(quiet);
  facts.night = night ? 'yes' : 'no';
  facts.volume = round(volume);
  facts.expectedVolume = round(expected);
  facts.volumeRatio = round(ratio);
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    r.detail = `the activity came at ${fmtHour(hour)} ET, an hour when this market normally sees ${fmtPercent(share)} of its daily trades, with volume ${fmtMultiple(ratio)}× the usual for that hour`;
  }
  return r;
}

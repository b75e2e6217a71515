/**
 * scoreSignals: the five market-level signals of one market's scoring window against its own baseline.
 * O(trades in the window); the only allocations are a scratch buffer reused across calls and the small result objects.
 */
import { EXPLANATION, MIN_HISTORY, PRIORS, ROBUST, SCORE_RAMPS, SIGNAL_PARAMS, SIZE_TAIL, WINDOWS } from './constants.ts';
import { bookMid, bookSpread, compareFills, inFillOrder, splitFlowOf } from './baseline.ts';
import { fmtCents, fmtCount, fmtExpected, fmtHour, fmtMinutes, fmtMultiple, fmtOneIn, fmtPercent } from './format.ts';
import { GENERIC_PRIOR } from './priors.ts';
import { easternHour, medianMad, normalTailLog10, poissonTailLog10, ramp, robustScale, robustZ, surpriseOf } from './stats.ts';
import type { Baseline, BaselineStatus, BookState, LocalSignals, MarketWindow, PooledPrior, RecentBook, RecentBooks, RecentRate, ScoringTrade, SignalResult } from './types.ts';

const HOUR_MS = 3_600_000;
/** z of the 90th percentile of a normal distribution. */
const Z90 = 1.2816;

/** Effective statistics the signals compare against: the market's own, blended with a pooled prior while it warms up. */
interface Effective {
  status: BaselineStatus;
  /** The market's own move quantiles (scaled to this window and hour), or null until it has enough windows. */
  moveTail: { q90: number; q99: number } | null;
  shortMoveTail: { q90: number; q99: number } | null;
  historyHours: number;
  sizeMedian: number;
  sizeP99: number;
  logSizeMedian: number;
  /** ln size at SIZE_TAIL.probabilities (absolute, increasing). */
  logSizeKnots: number[];
  tailIndex: number;
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
  /** Liquidity reference: spread and log-depth medians and scales, or null when there is nothing to compare with. */
  spreadMedian: number | null;
  spreadScale: number;
  depthMedian: number | null;
  logDepthMedian: number | null;
  logDepthScale: number;
  liquiditySource: 'baseline' | 'recent books' | 'none';
  /** How many recent books the 'recent books' reference stands on. */
  recentBookCount: number;
}

/** Is the baseline the market's own (enough observed hours and orders), or is the market still warming up? */
export function baselineStatus(b: Baseline | null): BaselineStatus {
  return b !== null && b.historyHours >= MIN_HISTORY.hours && b.orderCount >= MIN_HISTORY.orders ? 'ok' : 'warming';
}

/** w × own + (1 − w) × prior with w = n / (n + k). */
const blend = (own: number, prior: number, n: number, k: number) => {
  const w = n > 0 ? n / (n + k) : 0;
  return w * own + (1 - w) * prior;
};

function effective(b: Baseline | null, windowMs: number, hour: number, priorIn: PooledPrior | null | undefined, recent: RecentBooks | null | undefined): Effective {
  const prior = priorIn ?? GENERIC_PRIOR;
  const K = PRIORS.shrinkage;
  const status = baselineStatus(b);
  const nOrders = b?.orderCount ?? 0;
  const hours = b?.historyHours ?? 0;
  // sizes: the market's own median (its scale is its own), the shape of the distribution blended with the prior
  const own = b !== null && nOrders >= 5 && b.tradeSizeMedian > 0;
  const sizeMedian = own ? Math.max(b.tradeSizeMedian, ROBUST.sizeUnitFloor) : PRIORS.tradeSizeMedian;
  // sizes and moves follow the hour of day: the market's own profile for this hour (1 / 0 where it has none)
  const hourSize = own && Array.isArray(b.hourlyLogSizeOffset) ? (b.hourlyLogSizeOffset[hour] ?? 0) : 0;
  const hourMove = b && Array.isArray(b.hourlyMoveFactor) && Number.isFinite(b.hourlyMoveFactor[hour]) ? b.hourlyMoveFactor[hour]! : 1;
  const logSizeMedian = own ? b.logSizeMedian + (Number.isFinite(hourSize) ? hourSize : 0) : Math.log(PRIORS.tradeSizeMedian);
  const ownOffsets = own && Array.isArray(b.logSizeOffsets) && b.logSizeOffsets.length === prior.logSizeOffsets.length ? b.logSizeOffsets : null;
  const offsets = prior.logSizeOffsets.map((p, i) => (ownOffsets ? blend(ownOffsets[i]!, p, nOrders, K.orders) : p));
  // quantiles must not decrease
  const logSizeKnots: number[] = [];
  for (let i = 0; i < offsets.length; i++) logSizeKnots.push(Math.max(logSizeMedian + offsets[i]!, i > 0 ? logSizeKnots[i - 1]! : -Infinity));
  const ownTail = own && b.sizeTailIndex > 0 ? b.sizeTailIndex : 0;
  const tailIndex = ownTail > 0 ? blend(ownTail, prior.sizeTailIndex, nOrders, K.orders * 4) : prior.sizeTailIndex;
  const sizeP99 = Math.exp(logSizeKnots[logSizeKnots.length - 1]!);
  // net flow per window
  let netFlowMedian = prior.netFlowLogMedian;
  let netFlowScale = prior.netFlowLogScale;
  if (b && nOrders >= 5) {
    const ownScale = Math.max(robustScale(b.netFlowLogMad, ROBUST.netFlowLogScaleFloor), (b.netFlowLogP90 - b.netFlowLogMedian) / Z90);
    netFlowMedian = blend(b.netFlowLogMedian, prior.netFlowLogMedian, nOrders, K.orders);
    netFlowScale = blend(ownScale, prior.netFlowLogScale, nOrders, K.orders);
  }
  // price moves, scaled from the baseline's window length to this window (square root of time); the typical move is
  // never below one tick or half the market's usual spread
  const k = b && b.windowMs > 0 ? Math.sqrt(windowMs / b.windowMs) : Math.sqrt(windowMs / WINDOWS.scoringWindowMs);
  const kShort = Math.sqrt(WINDOWS.shortMoveMs / WINDOWS.scoringWindowMs);
  const spreadFloor = b?.spreadMedian != null && Number.isFinite(b.spreadMedian) ? ROBUST.priceMoveSpreadShare * b.spreadMedian : 0;
  const floorWindow = Math.max(ROBUST.priceMoveScaleFloor, spreadFloor) * Math.sqrt(windowMs / WINDOWS.scoringWindowMs);
  const floorShort = Math.max(ROBUST.priceMoveScaleFloor, spreadFloor) * kShort;
  let moveMedian = prior.priceMoveMedian * Math.sqrt(windowMs / WINDOWS.scoringWindowMs);
  let moveScale = prior.priceMoveScale * Math.sqrt(windowMs / WINDOWS.scoringWindowMs);
  if (b && b.priceMoveSamples >= MIN_HISTORY.priceWindows) {
    moveMedian = blend(b.priceMoveMedian * k * hourMove, moveMedian, b.priceMoveSamples, K.priceWindows);
    moveScale = blend(robustScale(b.priceMoveMad, 0) * k * hourMove, moveScale, b.priceMoveSamples, K.priceWindows);
  }
  moveScale = Math.max(moveScale, floorWindow);
  let shortMoveMedian = prior.shortMoveMedian;
  let shortMoveScale = prior.shortMoveScale;
  if (b && b.shortMoveSamples >= MIN_HISTORY.priceWindows) {
    shortMoveMedian = blend(b.shortMoveMedian * hourMove, shortMoveMedian, b.shortMoveSamples, K.priceWindows);
    shortMoveScale = blend(robustScale(b.shortMoveMad, 0) * hourMove, shortMoveScale, b.shortMoveSamples, K.priceWindows);
  }
  shortMoveScale = Math.max(shortMoveScale, floorShort);
  // rates: over the span observed; the hour-of-day profile and burstiness blended with the prior
  // a young market's rate is not taken below the prior's until its history covers it (ordinary activity must not look
  // like a burst because the market has been watched for a day); from MIN_HISTORY.hours on, its own rate stands: a
  // week of a thin market's history measures its rate, however few orders that is
  const ownRate = b && hours > 0 ? b.tradesPerHourMean : 0;
  const rateWeight = Math.min(1, hours / MIN_HISTORY.hours);
  const ordersPerHour = Math.max(ownRate, rateWeight * ownRate + (1 - rateWeight) * PRIORS.ordersPerHour);
  // how clumped its orders come is learnt from its orders, so it leans on the pooled prior until it has many
  const ownDispersion = b && b.tradesPerHourDispersion >= 1 ? Math.min(b.tradesPerHourDispersion, ROBUST.maxDispersion) : 1;
  const dispersion = b ? blend(ownDispersion, prior.dispersion, nOrders, K.orders) : prior.dispersion;
  const ownProfile = b && b.hourlyProfile?.length === 24 ? b.hourlyProfile : null;
  const profile = ownProfile ? ownProfile.map((x, h) => blend(x, prior.hourlyProfile[h] ?? 1 / 24, hours, K.hours)) : prior.hourlyProfile;
  const volumePerHour = b?.volumePerHourMean ?? 0;
  // liquidity: the market's time-weighted book history, else the books of its last cycles
  let spreadMedian: number | null = null;
  let depthMedian: number | null = null;
  let logDepthMedian: number | null = null;
  let spreadScale = prior.spreadScale;
  let logDepthScale = prior.logDepthScale;
  let liquiditySource: Effective['liquiditySource'] = 'none';
  const bookHours = b?.bookHours ?? 0;
  if (b && b.logDepthMedian !== null && b.depthMedian !== null && bookHours >= MIN_HISTORY.bookHours) {
    liquiditySource = 'baseline';
    spreadMedian = b.spreadMedian;
    // this hour's usual depth (books thin overnight)
    const hourDepth = Array.isArray(b.hourlyLogDepthOffset) && Number.isFinite(b.hourlyLogDepthOffset[hour]) ? b.hourlyLogDepthOffset[hour]! : 0;
    logDepthMedian = b.logDepthMedian + hourDepth;
    depthMedian = Math.expm1(logDepthMedian);
    if (b.spreadMad !== null) spreadScale = blend(robustScale(b.spreadMad, ROBUST.spreadScaleFloor), prior.spreadScale, bookHours, K.bookHours);
    if (b.logDepthMad !== null) logDepthScale = blend(robustScale(b.logDepthMad, ROBUST.logDepthScaleFloor), prior.logDepthScale, bookHours, K.bookHours);
  } else if (recent && recent.count > 0) {
    liquiditySource = 'recent books';
    spreadMedian = recent.spreadMedian;
    depthMedian = recent.depthMedian;
    logDepthMedian = Math.log1p(recent.depthMedian);
    if (recent.spreadMad !== null) spreadScale = blend(robustScale(recent.spreadMad, ROBUST.spreadScaleFloor), prior.spreadScale, recent.count, K.recentBooks);
    logDepthScale = blend(robustScale(recent.logDepthMad, ROBUST.logDepthScaleFloor), prior.logDepthScale, recent.count, K.recentBooks);
  }
  spreadScale = Math.max(spreadScale, ROBUST.spreadScaleFloor);
  logDepthScale = Math.max(logDepthScale, ROBUST.logDepthScaleFloor);
  const ownMoveTail = (q: { q90: number; q99: number } | undefined, samples: number, scale: number) =>
    q && samples >= MIN_HISTORY.priceWindows && Number.isFinite(q.q90) && Number.isFinite(q.q99) ? { q90: q.q90 * scale, q99: q.q99 * scale } : null;
  return {
    status,
    moveTail: b ? ownMoveTail(b.priceMoveQuantiles, b.priceMoveSamples, k * hourMove) : null,
    shortMoveTail: b ? ownMoveTail(b.shortMoveQuantiles, b.shortMoveSamples, hourMove) : null,
    historyHours: hours,
    sizeMedian,
    sizeP99,
    logSizeMedian,
    logSizeKnots,
    tailIndex,
    netFlowMedian,
    netFlowScale,
    moveMedian,
    moveScale,
    shortMoveMedian,
    shortMoveScale,
    ordersPerHour,
    dispersion,
    profile,
    volumePerHour,
    timingEnabled: hours >= MIN_HISTORY.timingHours,
    spreadMedian,
    spreadScale,
    depthMedian,
    logDepthMedian,
    logDepthScale,
    liquiditySource,
    recentBookCount: recent?.count ?? 0,
  };
}

/** log10 P(order ≥ size) from the size quantiles (linear in ln size between them) and the Pareto tail beyond them. */
function sizeTailLog10(eff: Effective, size: number): number {
  if (!(size > 0)) return 0;
  const x = Math.log(size);
  const knots = eff.logSizeKnots;
  const probs = SIZE_TAIL.probabilities;
  if (x <= knots[0]!) return Math.log10(1 - probs[0]!) * (x >= eff.logSizeMedian ? 1 : 0);
  for (let i = 1; i < knots.length; i++) {
    if (x <= knots[i]!) {
      const lo = Math.log10(1 - probs[i - 1]!);
      const hi = Math.log10(1 - probs[i]!);
      const span = knots[i]! - knots[i - 1]!;
      return span > 0 ? lo + ((hi - lo) * (x - knots[i - 1]!)) / span : hi;
    }
  }
  const last = knots[knots.length - 1]!;
  return Math.log10(1 - probs[probs.length - 1]!) - (eff.tailIndex * (x - last)) / Math.LN10;
}

// scratch buffers for order timestamps (clustering) and sizes (timing), reused across calls
let scratchTs = new Float64Array(1024);
let scratchSize = new Float64Array(1024);

function validTrade(t: ScoringTrade): boolean {
  return Number.isFinite(t.ts) && Number.isFinite(t.count) && t.count > 0 && Number.isFinite(t.yesPrice);
}

/** Surprise of a robust z-score: −log10 of the normal tail beyond it (0 for z ≤ 0). */
const zSurprise = (z: number) => (z > 0 ? surpriseOf(normalTailLog10(z)) : 0);

const SIDE = (s: number) => (s > 0 ? 'YES' : 'NO');
const round = (x: number, d = 2) => {
  const f = 10 ** d;
  const r = Math.round(x * f) / f;
  return Number.isFinite(r) ? r : 0;
};
const clampPrice = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

export function scoreSignals(w: MarketWindow): LocalSignals {
  const W = w.windowMs !== undefined && w.windowMs > 0 && Number.isFinite(w.windowMs) ? w.windowMs : WINDOWS.scoringWindowMs;
  const eff = effective(w.baseline, W, easternHour(w.now - W / 2), w.prior, w.recentBooks);
  const trades = inFillOrder(w.trades) ? w.trades : [...w.trades].sort(compareFills);

  // ---- one pass: merge fills into orders, track the largest order, flows, prices; keep order timestamps
  if (scratchTs.length < trades.length) {
    scratchTs = new Float64Array(Math.max(trades.length, scratchTs.length * 2));
    scratchSize = new Float64Array(scratchTs.length);
  }
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
    scratchSize[nOrders] = curSize;
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
    liquidity: liquiditySignal(eff, w.book, w.recentBooks?.previous ?? []),
    clustering: clusteringSignal(eff, scratchTs, nOrders, W, w.recentRate),
    timing: timingSignal(eff, w.now, W, volume, scratchSize, nOrders),
    baselineStatus: eff.status,
  };
}

function tradeSizeSignal(eff: Effective, maxSize: number, maxSide: number, maxPrice: number, vYes: number, vNo: number, nYes: number, nNo: number, maxYes: number, maxNo: number, W: number): SignalResult {
  // single largest order: how rare an order this large is among the market's orders
  const log10Single = sizeTailLog10(eff, maxSize);
  const surpriseSingle = surpriseOf(log10Single);
  const sSingle = ramp(surpriseSingle, SCORE_RAMPS.tradeSizeSingle);
  // accumulation: one-sided flow without the largest order (split orders), in median orders, vs past windows
  const net = Math.abs(vYes - vNo);
  const netSide = vYes >= vNo ? 1 : -1;
  const dominantOrders = netSide > 0 ? nYes : nNo;
  const split = splitFlowOf(vYes, vNo, nYes, nNo, maxYes, maxNo);
  const zAcc = split > 0 ? robustZ(Math.log1p(split / eff.sizeMedian), eff.netFlowMedian, eff.netFlowScale) : 0;
  const sAcc = ramp(zSurprise(zAcc), SCORE_RAMPS.tradeSizeAccumulation);
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
    tailIndex: round(eff.tailIndex),
    surpriseSingle: round(surpriseSingle),
    netFlow: round(net),
    splitFlow: round(split),
    netSide: netSide > 0 ? 'yes' : 'no',
    dominantOrders,
    zAccumulation: round(zAcc),
    surpriseAccumulation: round(zSurprise(zAcc)),
  };
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    const typical = eff.status === 'ok' ? "this market's median trade size" : 'a typical trade size';
    if (kind === 'single') {
      let d = `a ${fmtCount(maxSize)}-contract ${SIDE(maxSide)} trade at ${fmtCents(maxPrice)} was ${fmtMultiple(maxSize / eff.sizeMedian)}× ${typical}`;
      if (eff.sizeP99 > 0 && maxSize >= 1.5 * eff.sizeP99) d += ` and ${fmtMultiple(maxSize / eff.sizeP99)}× its 99th percentile`;
      d += ` (about ${fmtOneIn(surpriseSingle)} orders is this large)`;
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
  const shortFromBefore = !fin(w.priceShortBefore) && !Number.isFinite(lastPriceBeforeShort);
  const shortBefore = fin(w.priceShortBefore) ? clampPrice(w.priceShortBefore) : Number.isFinite(lastPriceBeforeShort) ? clampPrice(lastPriceBeforeShort) : before;
  const move = Number.isFinite(before) && Number.isFinite(after) ? after - before : 0;
  const shortMove = Number.isFinite(shortBefore) && Number.isFinite(after) ? after - shortBefore : 0;
  // A reference price older than the window (the last print of a thin market) had longer to drift: widen the typical
  // move by the square root of its age in windows, as for any random walk.
  const age = fin(w.priceBefore) && fin(w.priceBeforeAt) ? w.now - w.priceBeforeAt : W;
  const stretch = Math.sqrt(Math.max(1, age / W));
  const zWindow = robustZ(Math.abs(move), eff.moveMedian * stretch, eff.moveScale * stretch);
  // the short move falls back to the same reference when nothing marks the price 5 minutes ago: the same span
  const shortStretch = shortFromBefore && age > W ? Math.sqrt(age / WINDOWS.shortMoveMs) : 1;
  const zShort = robustZ(Math.abs(shortMove), eff.shortMoveMedian * shortStretch, eff.shortMoveScale * shortStretch);
  const useShort = zShort > zWindow;
  const z = useShort ? zShort : zWindow;
  const m = useShort ? shortMove : move;
  const from = useShort ? shortBefore : before;
  const vol = vYes + vNo;
  const alignment = vol > 0 && m !== 0 ? (Math.sign(m) * (vYes - vNo)) / vol : 0;
  const factor = SIGNAL_PARAMS.priceImpactAlignmentBase + SIGNAL_PARAMS.priceImpactAlignmentSlope * alignment;
  const zEff = z > 0 ? z * factor : z;
  const surprise = zSurprise(zEff);
  const score = ramp(surprise, SCORE_RAMPS.priceImpact);
  const typical = useShort ? eff.shortMoveMedian * shortStretch : eff.moveMedian * stretch;
  const horizon = useShort ? (shortStretch > 1 ? age : WINDOWS.shortMoveMs) : Math.max(W, age);
  const facts: Record<string, number | string> = {
    priceBefore: Number.isFinite(before) ? round(before, 4) : 'unknown',
    priceNow: Number.isFinite(after) ? round(after, 4) : 'unknown',
    move: round(move, 4),
    typicalMove: round(eff.moveMedian * stretch, 4),
    zWindow: round(zWindow),
    shortMove: round(shortMove, 4),
    typicalShortMove: round(eff.shortMoveMedian, 4),
    zShort: round(zShort),
    // the move this reading stands on: the window's or the last 5 minutes', whichever was the more unusual
    readMove: round(m, 4),
    horizonMinutes: Math.round(horizon / 60_000),
    alignment: round(alignment),
    zAdjusted: round(zEff),
    surprise: round(surprise),
  };
  // The same move read against the market's own tail of moves, without assuming normal tails.
  const tail = useShort ? eff.shortMoveTail : eff.moveTail;
  facts.tailSurprise = round(tail ? moveTailSurprise(Math.abs(m) / (useShort ? shortStretch : stretch), tail) : surprise);
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    let d = `the price ${m > 0 ? 'jumped' : 'fell'} ${fmtCents(Math.abs(m))} (${fmtCents(from)} → ${fmtCents(after)}) in ${fmtMinutes(horizon)} against a typical ${fmtCents(typical)} move`;
    if (alignment >= 0.5) d += `, in the direction ${m > 0 ? 'YES' : 'NO'} takers pushed`;
    r.detail = d;
  }
  return r;
}

/**
 * −log10 P(|move| ≥ x) from the market's own moves: 10 % of windows reach its 90th percentile, and beyond it the tail
 * falls off exponentially at the rate its 99th percentile shows (at least one tick per factor e), so a move is judged
 * by how the market's moves actually spread, not by a normal curve through a median of mostly-zero moves.
 */
export function moveTailSurprise(x: number, tail: { q90: number; q99: number }): number {
  if (!(x > tail.q90)) return x > 0 ? Math.min(1, x / Math.max(tail.q90, ROBUST.priceMoveScaleFloor)) : 0;
  const decay = Math.max((tail.q99 - tail.q90) / Math.LN10, ROBUST.priceMoveScaleFloor);
  return 1 + (x - tail.q90) / decay / Math.LN10;
}

/**
 * Variance of the mean of k successive readings relative to one reading's, when each is correlated with the one before
 * at ρ (an AR(1) series): (1 + 2 Σ_{j<k} (1 − j/k) ρ^j) / k. 1/k for independent readings, 1 for ones that never change.
 */
function meanVarianceFactor(k: number, rho: number): number {
  const r = Math.min(1, Math.max(0, rho));
  let s = 1;
  for (let j = 1; j < k; j++) s += 2 * (1 - j / k) * r ** j;
  return Math.min(1, s / k);
}

/** Lag-one autocorrelation of successive values (pairs no more than maxGapMs apart), or null with fewer than minPairs pairs. */
function lagOne(xs: readonly { ts: number; v: number }[], maxGapMs: number, minPairs: number): number | null {
  if (xs.length < 2) return null;
  const mean = xs.reduce((a, x) => a + x.v, 0) / xs.length;
  let den = 0;
  for (const x of xs) den += (x.v - mean) ** 2;
  let num = 0;
  let pairs = 0;
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]!.ts - xs[i - 1]!.ts > maxGapMs) continue;
    num += (xs[i]!.v - mean) * (xs[i - 1]!.v - mean);
    pairs++;
  }
  if (pairs < minPairs || !(den > 0)) return null;
  return (num / pairs) / (den / xs.length);
}

const usableBook = (b: { spread: number | null; levelMedian?: number | null }): b is { spread: number; levelMedian: number } =>
  b.spread !== null && typeof b.levelMedian === 'number' && b.levelMedian > 0 && Number.isFinite(b.levelMedian);

/** Where each run of equal consecutive values begins: a book that did not change between cycles is one reading. */
function runStarts(values: readonly number[]): number[] {
  const starts: number[] = [];
  values.forEach((v, i) => {
    if (i === 0 || v !== values[i - 1]) starts.push(i);
  });
  return starts;
}

/**
 * A drain that lasts: the typical resting order near the touch (the median level size, which one large order does not
 * move, nor a side losing levels at a price extreme) over the last k cycles (k = 2 … liquidityLastingCycles, two-sided
 * books back to back) against the same market's books of the cycles before them (at least
 * liquidityLastingReferenceBooks). Each reading's z is capped, so one odd snapshot cannot decide it; their mean is read
 * against how much such a mean varies: books requoted between cycles average their noise away, books that rest repeat
 * themselves (the lag-one autocorrelation of the reference books, at least liquidityMinPersistence). The best k is paid
 * for (Bonferroni over the k tried). Null when there is no such run of books or no reference.
 */
function lastingDrain(book: BookState, recent: readonly RecentBook[]) {
  if (!usableBook(book)) return null;
  const K = SIGNAL_PARAMS.liquidityLastingCycles;
  const gap = SIGNAL_PARAMS.liquidityMaxCycleGapMs;
  const chain: { ts: number; levelMedian: number }[] = [{ ts: book.ts, levelMedian: book.levelMedian }];
  for (let i = recent.length - 1; i >= 0 && chain.length < K; i--) {
    const p = recent[i]!;
    const newer = chain[chain.length - 1]!;
    if (p.ts >= newer.ts) continue;
    if (!usableBook(p) || newer.ts - p.ts > gap) break;
    chain.push({ ts: p.ts, levelMedian: p.levelMedian });
  }
  const cutoff = book.ts - (K - 0.5) * WINDOWS.shortMoveMs;
  // A book that did not change between cycles is one reading, not several: a quiet market's book (or a recording's
  // snapshot every half hour) can sit unchanged for many cycles, and its one requote would read as a lasting drain
  // against an hour of copies of one or two books (eval:monitor --tape with books every 30 minutes: 137 false alerts
  // over 1,111 quiet market-days, all of them this reading)
  const earlier = recent.filter((b) => b.ts < cutoff && usableBook(b)).map((b) => ({ ts: b.ts, v: Math.log(b.levelMedian!) }));
  const reference = runStarts(earlier.map((x) => x.v)).map((i) => earlier[i]!);
  // the chain's distinct states, newest first, and the cycle each begins at (how long the first k lasted)
  const startsAt = runStarts(chain.map((c) => c.levelMedian));
  const states = startsAt.map((i) => chain[i]!.levelMedian);
  if (states.length < 2 || reference.length < SIGNAL_PARAMS.liquidityLastingReferenceBooks) return null;
  const { median: m, mad: d } = medianMad(reference.map((x) => x.v));
  const scale = robustScale(d, ROBUST.logDepthScaleFloor);
  const rho = Math.max(SIGNAL_PARAMS.liquidityMinPersistence, lagOne(reference, gap, SIGNAL_PARAMS.liquidityLastingReferenceBooks - 1) ?? PRIORS.bookPersistence);
  const cap = SIGNAL_PARAMS.liquidityReadingZCap;
  let best = { surprise: 0, cycles: 0, levelDrop: 0 };
  let sumZ = 0;
  let sumDev = 0;
  for (let k = 1; k <= states.length; k++) {
    const dev = m - Math.log(states[k - 1]!);
    sumZ += Math.max(-cap, Math.min(cap, dev / scale));
    sumDev += dev;
    if (k < 2) continue;
    const s = Math.max(0, zSurprise(sumZ / k / Math.sqrt(meanVarianceFactor(k, rho))) - Math.log10(K - 1));
    if (s > best.surprise) best = { surprise: s, cycles: k < states.length ? startsAt[k]! : chain.length, levelDrop: Math.max(0, 1 - Math.exp(-sumDev / k)) };
  }
  return { ...best, levelMedian: book.levelMedian, referenceLevelMedian: Math.exp(m), referenceBooks: reference.length, persistence: rho };
}

function liquiditySignal(eff: Effective, book: MarketWindow['book'], recent: readonly RecentBook[]): SignalResult {
  const facts: Record<string, number | string> = { reference: eff.liquiditySource };
  if (eff.liquiditySource === 'recent books') facts.referenceBooks = eff.recentBookCount;
  if (!book || eff.liquiditySource === 'none') {
    facts.reason = !book ? 'no book' : 'no book history yet';
    return { score: 0, facts };
  }
  // surprises of a book's spread and depth against the reference
  const read = (spread: number | null, depth: number) => {
    const zSpread = spread !== null && eff.spreadMedian !== null ? robustZ(spread, eff.spreadMedian, eff.spreadScale) : null;
    const zDepth = Number.isFinite(depth) && depth >= 0 && eff.logDepthMedian !== null && eff.depthMedian !== null ? robustZ(eff.logDepthMedian, Math.log1p(depth), eff.logDepthScale) : null;
    return { zSpread, zDepth, surprise: Math.max(zSpread !== null ? zSurprise(zSpread) : 0, zDepth !== null ? zSurprise(zDepth) : 0) };
  };
  const spread = bookSpread(book);
  const current = read(spread, book.depth);
  let sSpread = 0;
  let sDepth = 0;
  if (current.zSpread !== null) {
    sSpread = ramp(zSurprise(current.zSpread), SCORE_RAMPS.spread);
    facts.spread = round(spread ?? 0, 4);
    facts.spreadMedian = round(eff.spreadMedian ?? 0, 4);
    facts.zSpread = round(current.zSpread);
  }
  if (current.zDepth !== null) {
    sDepth = ramp(zSurprise(current.zDepth), SCORE_RAMPS.depth);
    facts.depth = round(book.depth);
    facts.depthMedian = round(eff.depthMedian ?? 0);
    facts.depthDrop = eff.depthMedian! > 0 ? round(Math.max(0, 1 - book.depth / eff.depthMedian!)) : 0;
    facts.zDepth = round(current.zDepth);
  }
  const hi = Math.max(sSpread, sDepth);
  const lo = Math.min(sSpread, sDepth);
  const sNow = Math.min(100, hi + SIGNAL_PARAMS.liquiditySecondaryShare * lo);
  facts.surprise = round(current.surprise);
  // a drain that lasts (what the signal rule trusts alone: one thin snapshot is often a maker requoting)
  const lasting = lastingDrain(book, recent);
  const sLasting = lasting ? ramp(lasting.surprise, SCORE_RAMPS.depth) : 0;
  const score = Math.min(100, Math.max(sNow, sLasting));
  facts.sustainedSurprise = lasting ? round(lasting.surprise) : 0;
  if (lasting) {
    facts.sustainedCycles = lasting.cycles;
    facts.sustainedLevelDrop = round(lasting.levelDrop);
    facts.levelMedian = round(lasting.levelMedian);
    facts.referenceLevelMedian = round(lasting.referenceLevelMedian);
    facts.lastingReferenceBooks = lasting.referenceBooks;
    facts.persistence = round(lasting.persistence);
  }
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    const usual = eff.liquiditySource === 'baseline' ? 'its usual level at this hour' : 'its level in the last cycles';
    const parts: string[] = [];
    if (lasting && sLasting > sNow && lasting.levelDrop >= 0.05) {
      parts.push(`the typical resting order near the touch has been ${fmtPercent(lasting.levelDrop)} smaller than in the hour before for ${fmtMinutes((lasting.cycles - 1) * WINDOWS.shortMoveMs)}`);
    }
    if (parts.length === 0 || sNow >= EXPLANATION.minScore) {
      if (sDepth >= sSpread || sDepth >= EXPLANATION.minScore) parts.push(`the book's depth fell ${fmtPercent(Number(facts.depthDrop))} below ${usual}`);
      if (sSpread > sDepth || sSpread >= EXPLANATION.minScore) parts.push(`the spread widened to ${fmtCents(spread ?? 0)} from a typical ${fmtCents(eff.spreadMedian ?? 0)}`);
    }
    r.detail = parts.join(' and ');
  }
  return r;
}

function clusteringSignal(eff: Effective, ts: Float64Array, n: number, W: number, recent: RecentRate | null | undefined): SignalResult {
  const d = eff.dispersion;
  const spans = WINDOWS.clusterSpansMs.map((x) => Math.min(x, W));
  const tests = spans.length + 1; // each short span and the whole window
  // the rate at this hour; a young market's never below what it traded over the hours just before the window, since
  // its short history (and a pooled hour profile) may under-read it: a new listing's flow builds up over its first hours
  const recentFloor = recent && eff.historyHours < MIN_HISTORY.hours && recent.hours >= SIGNAL_PARAMS.clusteringRecentMinHours ? recent.orders / recent.hours : 0;
  const perHour = (t: number) => Math.max(eff.ordersPerHour * 24 * (eff.profile[easternHour(t)] ?? 1 / 24), recentFloor);
  // quasi-Poisson: counts and expectations divided by the dispersion; Bonferroni over the spans searched
  const burstSurprise = (k: number, expected: number, positions: number) => {
    if (k < SIGNAL_PARAMS.clusteringMinOrders) return 0;
    return surpriseOf(poissonTailLog10(k / d, expected / d) + Math.log10(positions * tests));
  };
  // the busiest [ts[i], ts[i] + span) of each span length, by two pointers
  let short = { surprise: 0, best: 0, start: n > 0 ? ts[0]! : 0, span: spans[0]!, expected: 0 };
  for (const span of spans) {
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
    const expected = perHour(bestStart) * (span / HOUR_MS);
    const s = burstSurprise(best, expected, Math.max(1, W / span));
    if (s > short.surprise || (short.surprise === 0 && span === spans[0])) short = { surprise: s, best, start: bestStart, span, expected };
  }
  const expectedWindow = n > 0 ? perHour(ts[(n - 1) >> 1]!) * (W / HOUR_MS) : 0;
  const sWindow = burstSurprise(n, expectedWindow, 1);
  const useWindow = sWindow > short.surprise;
  const surprise = useWindow ? sWindow : short.surprise;
  const score = ramp(surprise, SCORE_RAMPS.clusteringSurprise);
  const facts: Record<string, number | string> = {
    ordersInSpan: short.best,
    spanMinutes: short.span / 60_000,
    expectedInSpan: round(short.expected, 4),
    ordersInWindow: n,
    expectedInWindow: round(expectedWindow, 4),
    dispersion: round(d),
    recentOrders: recent ? recent.orders : 'unknown',
    recentHours: recent ? round(recent.hours) : 0,
    recentFloorPerHour: round(recentFloor),
    surprise: round(surprise),
  };
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    r.detail = useWindow
      ? `${n} orders arrived within ${fmtMinutes(W)} where ${fmtExpected(expectedWindow)} would be expected at this hour`
      : `${short.best} orders arrived within ${fmtMinutes(short.span)} where ${fmtExpected(short.expected)} would be expected at this hour`;
  }
  return r;
}

function timingSignal(eff: Effective, now: number, W: number, volume: number, sizes: Float64Array, n: number): SignalResult {
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
  const ratio = volume / Math.max(expected, eff.sizeMedian * 0.1, 1e-9);
  // How rare k orders at least as large as the window's k-th largest are at this hour: orders of at least a size
  // arrive at the hour's order rate × the share of the market's orders that large (a Poisson count, over-dispersed
  // like the market's own counts); the best k counts, paid for the k tried.
  const expectedOrders = eff.ordersPerHour * 24 * share * (W / HOUR_MS);
  const top = Math.min(n, SIGNAL_PARAMS.timingMaxOrders);
  const sorted = sizes.subarray(0, n).sort(); // in place: the scratch buffer is not read again
  let best = 0;
  let bestK = 0;
  let bestSize = 0;
  for (let k = 1; k <= top; k++) {
    const size = sorted[n - k]!;
    const rate = (expectedOrders * 10 ** sizeTailLog10(eff, size)) / eff.dispersion;
    const s = surpriseOf(poissonTailLog10(k / eff.dispersion, rate));
    if (s > best) [best, bestK, bestSize] = [s, k, size];
  }
  const enough = volume >= SIGNAL_PARAMS.timingMinMedianOrders * eff.sizeMedian;
  const surprise = enough && top > 0 ? Math.max(0, best - Math.log10(top)) : 0;
  const score = ramp(surprise, SCORE_RAMPS.timingSurprise) * quiet;
  facts.hourET = hour;
  facts.hourShare = round(share, 4);
  facts.quietness = round(quiet);
  facts.night = night ? 'yes' : 'no';
  facts.orders = n;
  facts.ordersAtLeast = bestK;
  facts.sizeAtLeast = round(bestSize);
  facts.expectedOrders = round(expectedOrders, 4);
  facts.volume = round(volume);
  facts.expectedVolume = round(expected);
  facts.volumeRatio = round(ratio);
  facts.surprise = round(surprise);
  const r: SignalResult = { score, facts };
  if (score >= EXPLANATION.minScore) {
    r.detail = `${bestK === 1 ? `an order of ${fmtCount(bestSize)}` : `${bestK} orders of ${fmtCount(bestSize)}+`} contracts came at ${fmtHour(hour)} ET, an hour when this market normally sees ${fmtPercent(share)} of its daily trades, with volume ${fmtMultiple(ratio)}× the usual for that hour (about ${fmtOneIn(surprise)} windows at this hour)`;
  }
  return r;
}

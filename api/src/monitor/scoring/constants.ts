/**
 * Every number of the scoring model that a user can see or that changes a score, in one place, as data.
 *
 * The "How it works" page is rendered from {@link SCORING_DOCS}, so the documentation cannot drift from the code:
 * change a value here and both the model and the page change. Each entry carries a short plain-English explanation.
 *
 * Conventions: prices are YES prices in dollars (0..1; 0.01 = 1¢), sizes are contracts, times are milliseconds.
 */

export const SIGNAL_NAMES = ['tradeSize', 'priceImpact', 'liquidity', 'clustering', 'timing', 'crossMarket'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
/** The five signals computed from one market's own data (cross-market needs the whole event). */
export const LOCAL_SIGNAL_NAMES = ['tradeSize', 'priceImpact', 'liquidity', 'clustering', 'timing'] as const;
export type LocalSignalName = (typeof LOCAL_SIGNAL_NAMES)[number];

export const LABELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Label = (typeof LABELS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Signal weights in percent; they sum to 100. composite = Σ weight × score / 100. */
export const WEIGHTS: Readonly<Record<SignalName, number>> = Object.freeze({
  tradeSize: 30,
  priceImpact: 25,
  liquidity: 20,
  clustering: 15,
  timing: 5,
  crossMarket: 5,
});

/** Display names and one-line descriptions of the six signals. */
export const SIGNAL_INFO: Readonly<Record<SignalName, { title: string; detects: string; method: string }>> = Object.freeze({
  tradeSize: {
    title: 'Trade size',
    detects: 'Individual trades that are abnormally large for this market, or many same-side orders adding up to one large position.',
    method:
      'Fills with the same timestamp and taker side are merged into one order (fills that share a timestamp are put in a fixed order: taker side, then trade id). The largest order is placed in the market’s own distribution of order sizes (up to 7 days): the share of its past orders at least this large, read from its size quantiles and, beyond its 99th percentile, from a Pareto tail fitted to its largest orders. Separately, the net contracts bought by one side in the window, leaving out that side’s largest order (so this part measures splitting, not one big trade), are compared with the same quantity in the market’s past windows. The stronger of the two is the score.',
  },
  priceImpact: {
    title: 'Price impact',
    detects: 'The price moving much more than this market usually moves in the same amount of time.',
    method:
      'The YES price change (to the current mid of the book, or the last trade) is measured over the whole window and over the last 5 minutes, and each is compared with the market’s distribution of price changes over the same length of time (its typical move is never taken below one tick or half its usual spread, so a stray print in a thin market cannot saturate the signal); the larger surprise counts. Without a two-sided book the window starts from the last trade before it. It is kept in full when the takers pushed in the direction the price moved, and discounted when they did not.',
  },
  liquidity: {
    title: 'Liquidity',
    detects: 'The spread widening or the book thinning: someone draining liquidity.',
    method:
      'The current spread and the contracts resting near the touch are compared with their time-weighted history at this hour of the day (each stored snapshot counts for as long as it stood; depth on a log scale; books thin overnight). Until a market has hours of book history, the books of the last cycles are the reference. The stronger of the two counts in full, the weaker adds a quarter of its score. A drain that lasts is read on the typical resting order near the touch (the median level size: one large order does not move it, nor a side losing levels at a price extreme) over the last two to six cycles’ books, against the market’s books of the hour or so before: each book’s z capped at ±6, their mean read against how much such a mean varies for this market (books requoted between cycles average their noise away, books that rest repeat themselves: the lag-one autocorrelation of the earlier books, at least 0.2), the k tried paid for. What lasted counts as much as what is seen now.',
  },
  clustering: {
    title: 'Clustering',
    detects: 'Bursts of orders packed into a few minutes.',
    method:
      'The busiest 2-minute and 5-minute spans of the window, and the whole window, are compared with the number of orders expected at this hour of the day (US Eastern), using a Poisson tail probability corrected for how clumped this market’s orders normally come (the over-dispersion of its own 15-minute counts: a market whose orders arrive in bunches around news reads a bunch as ordinary) and for the number of spans searched. From three days of history the market’s own order rate is the expectation, however thinly it trades. Until then the expected rate is also never below the market’s own rate over the last two hours before the window (once an hour of them has been watched): a young market’s short history under-reads a new listing’s flow as it builds up.',
  },
  timing: {
    title: 'Timing',
    detects: 'Heavy activity at an hour when this market is normally quiet, or at night US Eastern.',
    method:
      'The window’s largest orders are compared with what this market trades at this hour of the day (US Eastern): how rare it is to see k orders at least as large as the window’s k-th largest, orders of a size arriving at the hour’s order rate times the share of the market’s orders that large (a Poisson count, corrected for how clumped its orders normally come and for the k tried). The score is then scaled by how quiet the hour normally is for this market (and a minimum for night hours); busy hours do not score. It is read once the market has a day of history.',
  },
  crossMarket: {
    title: 'Cross-market',
    detects: 'Correlated unusual activity across markets of the same event.',
    method:
      'Counts the other markets of the same event whose own signals are elevated at the same time. A market alone in its event scores 0.',
  },
});

/** Label bounds on the composite: LOW < 30 ≤ MEDIUM < 55 ≤ HIGH < 75 ≤ CRITICAL. */
export const LABEL_BOUNDS = Object.freeze({
  /** Composite at or above this is MEDIUM. */
  MEDIUM: 30,
  /** Composite at or above this is HIGH; set just above the gate cap so an unconfirmed market can never be HIGH. */
  HIGH: 55,
  /** Composite at or above this is CRITICAL. */
  CRITICAL: 75,
});

/**
 * Confirmation gate. Reading used here: the gate passes when at least one PRIMARY signal (trade size or price impact)
 * scores ≥ primaryMin AND at least one OTHER signal — any of the remaining five, which may be the other primary —
 * scores ≥ secondaryMin. Otherwise the composite is capped at `cap`.
 */
export const GATE = Object.freeze({
  primarySignals: ['tradeSize', 'priceImpact'] as readonly SignalName[],
  primaryMin: 60,
  secondaryMin: 40,
  cap: 54.99,
});

/** Time windows. */
export const WINDOWS = Object.freeze({
  /** Length of the scoring window: the recent trades each 5-minute cycle looks at. */
  scoringWindowMs: 15 * MINUTE,
  /** Length of the history a baseline is computed from. */
  baselineMs: 7 * 24 * HOUR,
  /** Step of the grid of historical windows used for the window-level baselines (price change, net flow). */
  baselineGridStepMs: 5 * MINUTE,
  /** Short horizon of the price-impact signal: the last scoring cycle, so a sudden jump is not diluted by the window. */
  shortMoveMs: 5 * MINUTE,
  /** Lengths of the short spans the clustering signal searches for the busiest burst (the whole window is searched too). */
  clusterSpansMs: Object.freeze([2 * MINUTE, 5 * MINUTE]) as readonly number[],
});

/**
 * How much history makes a baseline the market's own. Below it the market is "warming up": it is scored, uncapped,
 * against its own statistics blended with priors pooled from mature markets of its series (else its category, else
 * all markets; see PRIORS), so an extreme event on a young market can still alert while its ordinary activity cannot.
 * Rates (orders and contracts per hour) are always taken over the span actually observed, never over 7 days.
 */
export const MIN_HISTORY = Object.freeze({
  /** Hours of observed history before the market's own baseline stands alone (three of each hour of the day). */
  hours: 72,
  /** Orders (merged fills) the baseline must contain. */
  orders: 50,
  /**
   * Hours of observed history before the timing signal is read at all (each hour of the day seen once; its hour-of-day
   * profile leans on the prior until `hours`, and so does the order rate it expects, which a young market's never
   * falls below: its night orders must be rarer still to count).
   */
  timingHours: 24,
  /** Hours of book history (time-weighted snapshots) before the market's own spread and depth statistics stand alone. */
  bookHours: 6,
  /** Historical windows with a known price needed before the market's own price-change statistics are used at all. */
  priceWindows: 12,
});

/**
 * Priors a warming-up market is blended with. Pooled from the mature baselines of its series when at least
 * `minPoolMarkets` exist, else of its category, else of every market, else the generic values below. Each statistic is
 * blended as w × own + (1 − w) × prior with w = n / (n + shrinkage), n being the data behind the market's own value.
 */
export const PRIORS = Object.freeze({
  minPoolMarkets: 3,
  /** Pseudo-observations of the prior, per kind of statistic. */
  shrinkage: Object.freeze({ orders: 50, hours: 72, priceWindows: 288, bookHours: 6, recentBooks: 6 }),
  /** Generic median order size (contracts), used only until the market has 5 orders. */
  tradeSizeMedian: 10,
  /** Generic log-size quantile offsets from the median at SIZE_TAIL.probabilities (a log-normal with σ = 1.2). */
  logSizeOffsets: Object.freeze([0, 0.81, 1.54, 1.97, 2.46, 2.79]),
  /** Generic tail index of order sizes beyond the 99th percentile (P(size > x) ∝ x^−α). */
  tailIndex: 1.5,
  /** Generic scaled MAD of log order size. */
  logSizeScale: 1.2,
  /** Generic median and scaled MAD of |price change| per 15-minute window (dollars). */
  priceMoveMedian: 0.01,
  priceMoveScale: 0.015,
  /** Generic median and scaled MAD of log(1 + split flow / median size) per window. */
  netFlowLogMedian: 0,
  netFlowLogScale: 1.5,
  /** Generic order rate (orders per hour); a young market's own rate is not taken below its blend with this. */
  ordersPerHour: 12,
  /** Generic over-dispersion of hourly order counts. */
  dispersion: 3,
  /** Generic scaled MAD of log depth and of the spread (dollars). */
  logDepthScale: 0.3,
  spreadScale: 0.01,
  /** Assumed lag-one autocorrelation of successive cycles' books until a market's recent books measure it. */
  bookPersistence: 0.8,
});

/** Order-size distribution kept by each baseline: quantiles on a log scale and a Pareto tail beyond the last. */
export const SIZE_TAIL = Object.freeze({
  /** Probabilities of the stored quantiles; the tail probability of a size is interpolated between them. */
  probabilities: Object.freeze([0.5, 0.75, 0.9, 0.95, 0.98, 0.99]),
  /** Hill estimator of the tail index: the largest max(hillMinOrders, hillShare × n) orders. */
  hillShare: 0.05,
  hillMinOrders: 5,
  /** The median size of each hour of day is shrunk toward the whole history's by this many pseudo-orders. */
  hourShrinkOrders: 20,
  /** Bounds of the tail index (a few identical large sizes would otherwise give an infinite index). */
  minTailIndex: 0.8,
  maxTailIndex: 4,
});

/** Robust statistics. */
export const ROBUST = Object.freeze({
  /** Scaled MAD = 1.4826 × MAD estimates the standard deviation of normally distributed data. */
  madScale: 1.4826,
  /** Floor of the scaled MAD of log order sizes, so identical sizes (MAD 0) do not explode the z-score. */
  logSizeScaleFloor: 0.35,
  /** Floor of the scaled MAD of log(1 + net flow) per window. */
  netFlowLogScaleFloor: 0.5,
  /**
   * Floor of the typical price move (scaled MAD of |price change| per 15-minute window, in dollars: 1¢, one tick),
   * raised to half the market's median spread: in a thin market prints bounce between bid and ask, and one stray print
   * must not saturate the signal. Scaled by √(horizon / 15 minutes).
   */
  priceMoveScaleFloor: 0.01,
  priceMoveSpreadShare: 0.5,
  /** Floor of the scaled MAD of the spread, in dollars (1¢ = one tick). */
  spreadScaleFloor: 0.01,
  /** Floor of the scaled MAD of log depth. */
  logDepthScaleFloor: 0.2,
  /**
   * Floor of the median order size used as the unit of size (Kalshi's smallest count, 0.01
   * contracts): a smaller median (only malformed data has one) would make sizes divided by it
   * overflow to Infinity, and the statistics NaN (found by the property tests).
   */
  sizeUnitFloor: 0.01,
  /** Quantile used as the "very large order" reference reported next to the median. */
  sizeQuantile: 0.99,
  /** Pseudo-orders spread over the 24 hours (in the shape of the prior profile) before the hourly profile is normalised, so sparse markets get a smooth profile with no zero hours. */
  profilePseudoOrders: 24,
  /** Each hour of day's typical price move is shrunk toward the whole history's by this many pseudo-windows. */
  hourShrinkWindows: 24,
  /** Each hour of day's typical book depth is shrunk toward the whole history's by this many pseudo-hours of books. */
  hourShrinkBookHours: 2,
  /** Cap on the over-dispersion factor (variance / mean of order counts per scoring window) used by clustering and timing. */
  maxDispersion: 20,
  /** A stored book snapshot stands for the time until the next one, at most this long (snapshots are stored at least hourly). */
  maxSnapshotWeightMs: 65 * MINUTE,
});

/**
 * Every signal is a surprise: −log10 of the probability of an observation at least this extreme for this market,
 * against its own baseline (2 = 1 in 100, 4 = 1 in 10,000). Mapping: score = 100 × clamp((S − from) / (to − from), 0, 1).
 */
export interface ScoreRamp {
  zLow: number;
  zHigh: number;
}

export const SCORE_RAMPS = Object.freeze({
  /** Largest single order: surprise of its size among this market's orders (P(order ≥ size)). */
  tradeSizeSingle: { zLow: 2, zHigh: 2.8 } as ScoreRamp,
  /** Net same-side flow (split orders): surprise of log(1 + split / median size) against past windows. */
  tradeSizeAccumulation: { zLow: 2, zHigh: 4 } as ScoreRamp,
  /** Price change over the window or the last 5 minutes: surprise against past moves over the same time. */
  priceImpact: { zLow: 2, zHigh: 4.5 } as ScoreRamp,
  /** Spread widening: surprise against the time-weighted spread. */
  spread: { zLow: 2, zHigh: 4 } as ScoreRamp,
  /** Depth thinning: surprise against the time-weighted log depth. */
  depth: { zLow: 2, zHigh: 4 } as ScoreRamp,
  /** Clustering: surprise of the busiest span (Poisson tail, corrected for burstiness and the spans searched). */
  clusteringSurprise: { zLow: 2, zHigh: 6 } as ScoreRamp,
  /** Timing: surprise of the window's largest orders at this hour (k orders this large), before the hour's quietness scales it. */
  timingSurprise: { zLow: 2, zHigh: 6 } as ScoreRamp,
});

/** Details of individual signals. */
export const SIGNAL_PARAMS = Object.freeze({
  /** Split orders: at least this many orders on the dominant side before net flow counts as accumulation. */
  accumulationMinOrders: 3,
  /** Price impact multiplier = base + slope × alignment, alignment ∈ [−1, 1] is the net taker flow in the direction of the move (1 = all takers pushed the way the price went). */
  priceImpactAlignmentBase: 0.75,
  priceImpactAlignmentSlope: 0.25,
  /** Liquidity: share of the weaker of spread/depth scores added to the stronger one. */
  liquiditySecondaryShare: 0.25,
  /** Liquidity: a drain that lasts is read on up to this many successive cycles' books (30 minutes)… */
  liquidityLastingCycles: 6,
  /** …against at least this many earlier books of the market (an hour of cycles; the scoring keeps two hours)… */
  liquidityLastingReferenceBooks: 12,
  /** …with each book's z capped at ± this (one odd snapshot cannot decide it)… */
  liquidityReadingZCap: 6,
  /** …and successive books assumed at least this correlated (a short reference underestimates how books repeat). */
  liquidityMinPersistence: 0.2,
  /** Liquidity: successive books further apart than this (a missed cycle) end a run of books read together. */
  liquidityMaxCycleGapMs: 7.5 * MINUTE,
  /** Clustering: fewer orders than this in the busiest span never score. */
  clusteringMinOrders: 4,
  /**
   * Clustering: a young market's own rate over the cycles before the window counts (as a floor under the expected
   * rate) once it covers this many hours; the scoring remembers two hours of it.
   */
  clusteringRecentMinHours: 1,
  /** Timing: quietness of an hour = 1 − min(1, hourShare × 24 / this); hours at or above the average share are not quiet. */
  timingQuietShareRatio: 1,
  /** Timing: hours (US Eastern, inclusive start, exclusive end) treated as night. */
  timingNightStartHour: 0,
  timingNightEndHour: 6,
  /** Timing: minimum quietness of a night hour. */
  timingNightQuietness: 0.5,
  /** Timing: window volume must be at least this many median orders to score. */
  timingMinMedianOrders: 3,
  /** Timing: the window's largest orders tried, k = 1 … this. */
  timingMaxOrders: 10,
  /** Cross-market: a sibling counts as elevated when one of its trade size, price impact, liquidity or clustering scores is at least this. */
  crossElevatedMin: 40,
  /** Cross-market: number of elevated siblings that gives the full score. */
  crossFullSiblings: 2,
  /** Cross-market: factor applied when the market itself is not elevated. */
  crossSelfNotElevatedFactor: 0.5,
});

/** Explanations: a signal is mentioned when its score is at least this. */
export const EXPLANATION = Object.freeze({
  minScore: 40,
  quietSentence: 'Activity is in line with this market’s own history: no signal stands out.',
  warmingSentence: 'This market is still warming up: its own short history is blended with what is typical for its series and category.',
  gateSentence: 'No second signal confirms it, so the score is capped at 54.99.',
});

/** Time zone used for hour-of-day profiles and night hours. */
export const TIME_ZONE = 'America/New_York';

/**
 * Everything above as one serialisable object for the "How it works" page.
 */
export const SCORING_DOCS = Object.freeze({
  weights: WEIGHTS,
  signals: SIGNAL_INFO,
  labels: [
    { label: 'LOW', from: 0, to: LABEL_BOUNDS.MEDIUM, note: `composite < ${LABEL_BOUNDS.MEDIUM}` },
    { label: 'MEDIUM', from: LABEL_BOUNDS.MEDIUM, to: LABEL_BOUNDS.HIGH, note: `${LABEL_BOUNDS.MEDIUM} ≤ composite < ${LABEL_BOUNDS.HIGH}` },
    { label: 'HIGH', from: LABEL_BOUNDS.HIGH, to: LABEL_BOUNDS.CRITICAL, note: `${LABEL_BOUNDS.HIGH} ≤ composite < ${LABEL_BOUNDS.CRITICAL}` },
    { label: 'CRITICAL', from: LABEL_BOUNDS.CRITICAL, to: 100, note: `composite ≥ ${LABEL_BOUNDS.CRITICAL}` },
  ],
  gate: {
    ...GATE,
    explanation: `A market reaches High or above only if trade size or price impact scores at least ${GATE.primaryMin} and some other signal (any of the remaining five, including the other primary) scores at least ${GATE.secondaryMin}. Otherwise the composite is capped at ${GATE.cap}.`,
  },
  windows: WINDOWS,
  minHistory: MIN_HISTORY,
  priors: PRIORS,
  sizeTail: SIZE_TAIL,
  robust: ROBUST,
  scoreRamps: SCORE_RAMPS,
  signalParams: SIGNAL_PARAMS,
  timeZone: TIME_ZONE,
  zScoreMapping: 'Each signal is a surprise S = −log10 p, p being the probability of an observation at least this extreme for this market (2 = 1 in 100, 4 = 1 in 10,000). score = 100 × clamp((S − zLow) / (zHigh − zLow), 0, 1). Tail probabilities come from the market’s own order-size quantiles with a Pareto tail, from normal tails of robust z-scores ((value − median) / max(1.4826 × MAD, floor)), and from Poisson tails for order counts.',
});

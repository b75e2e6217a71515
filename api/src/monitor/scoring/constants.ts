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
      'Fills with the same timestamp and taker side are merged into one order. The largest order is compared with the market’s 7-day order sizes on a log scale (robust z-score: distance from the median in scaled-MAD units) and with the market’s 99th-percentile order; the stronger comparison counts. Separately, the net contracts bought by one side in the window, leaving out that side’s largest order (so this part measures splitting, not one big trade), are compared with the same quantity in the market’s past windows. The stronger of the two is the score.',
  },
  priceImpact: {
    title: 'Price impact',
    detects: 'The price moving much more than this market usually moves in the same amount of time.',
    method:
      'The YES price change (to the current mid of the book, or the last trade) is measured over the whole window and over the last 5 minutes, and each is compared with the market’s 7-day distribution of price changes over the same length of time; the larger robust z-score counts. It is kept in full when the takers pushed in the direction the price moved, and discounted when they did not.',
  },
  liquidity: {
    title: 'Liquidity',
    detects: 'The spread widening or the book thinning: someone draining liquidity.',
    method:
      'The current spread and the contracts resting near the touch are compared with their 7-day medians (depth on a log scale). The stronger of the two counts in full, the weaker adds a quarter of its score.',
  },
  clustering: {
    title: 'Clustering',
    detects: 'Bursts of orders packed into a few minutes.',
    method:
      'The busiest 2-minute span of the window, and the whole window, are compared with the number of orders expected at this hour of the day (US Eastern), using a Poisson tail probability corrected for how bursty this market normally is and for the number of spans searched.',
  },
  timing: {
    title: 'Timing',
    detects: 'Heavy activity at an hour when this market is normally quiet, or at night US Eastern.',
    method:
      'Scores only when the window’s volume is well above what this market normally trades at this hour; the score is then scaled by how quiet the hour normally is for this market (and a minimum for night hours).',
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
  /** Length of the short span the clustering signal searches for the busiest burst (the whole window is searched too). */
  clusterSpanMs: 2 * MINUTE,
});

/** Minimum history before a baseline is trusted; below it the market is scored conservatively (see NO_BASELINE). */
export const MIN_HISTORY = Object.freeze({
  /** Hours of history the baseline must cover. */
  hours: 24,
  /** Orders (merged fills) the baseline must contain. */
  orders: 20,
  /** Two-sided book snapshots needed before the liquidity signal is scored at all. */
  books: 12,
  /** Historical windows with a known price needed before the market's own price-change statistics are used. */
  priceWindows: 12,
});

/**
 * Conservative scoring without a trustworthy baseline (no baseline, under MIN_HISTORY.hours of history or under
 * MIN_HISTORY.orders orders):
 * - trade size, split flow and clustering are compared with wide generic priors (or the market's own statistics when
 *   those are wider), and the 99th-percentile comparison is skipped;
 * - price changes use the market's own statistics when they cover MIN_HISTORY.hours (they come from book snapshots, which
 *   exist even for thinly traded markets), else the priors;
 * - liquidity scores only with MIN_HISTORY.books snapshots of history; timing scores 0 (no trustworthy hour profile);
 * - the composite is capped at `cap`, below HIGH, so missing data can never produce a High or Critical.
 */
export const NO_BASELINE = Object.freeze({
  cap: 54.99,
  /** Generic median order size (contracts). */
  priorTradeSizeMedian: 10,
  /** Generic scaled MAD of log order size: sizes must be ~e^(3×1.2) ≈ 37× the median to start scoring. */
  priorLogSizeScale: 1.2,
  /** Generic median |price change| per scoring window (dollars). */
  priorPriceMoveMedian: 0.02,
  /** Generic scaled MAD of |price change| per scoring window (dollars). */
  priorPriceMoveScale: 0.03,
  /** Generic scaled MAD of log(1 + net flow / median size) per window. */
  priorNetFlowLogScale: 1.5,
  /** Generic order rate (orders per hour), deliberately high so bursts in new markets need to be large. */
  priorOrdersPerHour: 12,
});

/** Robust statistics. */
export const ROBUST = Object.freeze({
  /** Scaled MAD = 1.4826 × MAD estimates the standard deviation of normally distributed data. */
  madScale: 1.4826,
  /** Floor of the scaled MAD of log order sizes, so identical sizes (MAD 0) do not explode the z-score. */
  logSizeScaleFloor: 0.35,
  /** Floor of the scaled MAD of log(1 + net flow) per window. */
  netFlowLogScaleFloor: 0.5,
  /** Floor of the scaled MAD of |price change| per window, in dollars (0.5¢). */
  priceMoveScaleFloor: 0.005,
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
  /** Pseudo-orders spread evenly over the 24 hours before the hourly profile is normalised, so sparse markets get a smooth profile with no zero hours. */
  profilePseudoOrders: 24,
  /** Cap on the over-dispersion factor (variance / mean of hourly order counts) used by clustering. */
  maxDispersion: 20,
});

/**
 * z-score → 0..100 mapping: score = 100 × clamp((z − zLow) / (zHigh − zLow), 0, 1).
 * Below zLow the signal is 0 (ordinary noise); at zHigh and above it is 100; linear in between.
 */
export interface ScoreRamp {
  zLow: number;
  zHigh: number;
}

export const SCORE_RAMPS = Object.freeze({
  /** Largest single order, robust z of log size. */
  tradeSizeSingle: { zLow: 3, zHigh: 9 } as ScoreRamp,
  /** Largest single order against the market's 99th-percentile order: log10(size / p99), 1.5× → 0, 10× → 100. */
  tradeSizeVsP99: { zLow: Math.log10(1.5), zHigh: 1 } as ScoreRamp,
  /** Net same-side flow (split orders), robust z of log(1 + net / median size). */
  tradeSizeAccumulation: { zLow: 2.5, zHigh: 7 } as ScoreRamp,
  /** Price change over the window or over the last 5 minutes (the larger z counts), robust z after the aggressor-direction factor. */
  priceImpact: { zLow: 2.5, zHigh: 8 } as ScoreRamp,
  /** Spread widening, robust z. */
  spread: { zLow: 2, zHigh: 6 } as ScoreRamp,
  /** Depth thinning, robust z of log depth. */
  depth: { zLow: 2, zHigh: 6 } as ScoreRamp,
  /** Clustering surprise, −log10 of the (corrected) probability of a burst at least this large. */
  clusteringSurprise: { zLow: 3, zHigh: 10 } as ScoreRamp,
  /** Timing: log10 of window volume / volume expected at this hour (3× → 0, 30× → 100). */
  timingVolumeRatioLog10: { zLow: Math.log10(3), zHigh: Math.log10(30) } as ScoreRamp,
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
  /** Clustering: fewer orders than this in the busiest span never score. */
  clusteringMinOrders: 5,
  /** Timing: quietness of an hour = 1 − min(1, hourShare × 24 / this); hours at or above the average share are not quiet. */
  timingQuietShareRatio: 1,
  /** Timing: hours (US Eastern, inclusive start, exclusive end) treated as night. */
  timingNightStartHour: 0,
  timingNightEndHour: 6,
  /** Timing: minimum quietness of a night hour. */
  timingNightQuietness: 0.5,
  /** Timing: window volume must be at least this many median orders to score. */
  timingMinMedianOrders: 3,
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
  quietSentence: 'Activity is in line with this market’s 7-day baseline: no signal stands out.',
  limitedSentence: 'This market has too little trading history for a full baseline, so its score is capped at 54.99.',
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
  noBaseline: NO_BASELINE,
  robust: ROBUST,
  scoreRamps: SCORE_RAMPS,
  signalParams: SIGNAL_PARAMS,
  timeZone: TIME_ZONE,
  zScoreMapping: 'score = 100 × clamp((z − zLow) / (zHigh − zLow), 0, 1): 0 up to zLow, 100 from zHigh, linear in between. A robust z-score is (value − median) / max(1.4826 × MAD, floor).',
});

/**
 * Priors for markets that are still warming up, pooled from mature markets: per series, per category and over all
 * markets, each statistic the median across the pool's mature baselines. O(markets) per pooling, done once a cycle.
 */
import { MIN_HISTORY, PRIORS, ROBUST, WINDOWS } from './constants.ts';
import { median, robustScale } from './stats.ts';
import type { Baseline, PooledPrior } from './types.ts';

const Z90 = 1.2816;
const FLAT = Object.freeze(Array.from({ length: 24 }, () => 1 / 24));

/** The generic prior: what is used when no pool has enough mature markets. */
export const GENERIC_PRIOR: PooledPrior = Object.freeze({
  source: 'generic',
  markets: 0,
  logSizeScale: PRIORS.logSizeScale,
  logSizeOffsets: [...PRIORS.logSizeOffsets],
  sizeTailIndex: PRIORS.tailIndex,
  netFlowLogMedian: PRIORS.netFlowLogMedian,
  netFlowLogScale: PRIORS.netFlowLogScale,
  priceMoveMedian: PRIORS.priceMoveMedian,
  priceMoveScale: PRIORS.priceMoveScale,
  shortMoveMedian: PRIORS.priceMoveMedian * Math.sqrt(WINDOWS.shortMoveMs / WINDOWS.scoringWindowMs),
  shortMoveScale: PRIORS.priceMoveScale * Math.sqrt(WINDOWS.shortMoveMs / WINDOWS.scoringWindowMs),
  dispersion: PRIORS.dispersion,
  hourlyProfile: [...FLAT],
  logDepthScale: PRIORS.logDepthScale,
  spreadScale: PRIORS.spreadScale,
}) as PooledPrior;

/** A baseline the pools may learn from: enough hours and orders to stand on its own. */
export function isMature(b: Baseline | null | undefined): b is Baseline {
  return !!b && b.historyHours >= MIN_HISTORY.hours && b.orderCount >= MIN_HISTORY.orders && Array.isArray(b.logSizeOffsets) && b.logSizeOffsets.length > 0;
}

function pool(source: PooledPrior['source'], list: readonly Baseline[]): PooledPrior {
  const med = (f: (b: Baseline) => number | null | undefined, fallback: number) => {
    const xs = list.map(f).filter((x): x is number => x !== null && x !== undefined && Number.isFinite(x));
    return xs.length ? median(Float64Array.from(xs)) : fallback;
  };
  const offsets = GENERIC_PRIOR.logSizeOffsets.map((g, i) => med((b) => b.logSizeOffsets[i], g));
  const profile = Array.from({ length: 24 }, (_, h) => med((b) => b.hourlyProfile?.[h], 1 / 24));
  const total = profile.reduce((a, x) => a + x, 0);
  return {
    source,
    markets: list.length,
    logSizeScale: med((b) => robustScale(b.logSizeMad, ROBUST.logSizeScaleFloor), GENERIC_PRIOR.logSizeScale),
    logSizeOffsets: offsets,
    sizeTailIndex: med((b) => (b.sizeTailIndex > 0 ? b.sizeTailIndex : null), GENERIC_PRIOR.sizeTailIndex),
    netFlowLogMedian: med((b) => b.netFlowLogMedian, GENERIC_PRIOR.netFlowLogMedian),
    netFlowLogScale: med(
      (b) => Math.max(robustScale(b.netFlowLogMad, ROBUST.netFlowLogScaleFloor), (b.netFlowLogP90 - b.netFlowLogMedian) / Z90),
      GENERIC_PRIOR.netFlowLogScale,
    ),
    priceMoveMedian: med((b) => (b.priceMoveSamples > 0 ? b.priceMoveMedian : null), GENERIC_PRIOR.priceMoveMedian),
    priceMoveScale: med((b) => (b.priceMoveSamples > 0 ? robustScale(b.priceMoveMad, ROBUST.priceMoveScaleFloor) : null), GENERIC_PRIOR.priceMoveScale),
    shortMoveMedian: med((b) => (b.shortMoveSamples > 0 ? b.shortMoveMedian : null), GENERIC_PRIOR.shortMoveMedian),
    shortMoveScale: med((b) => (b.shortMoveSamples > 0 ? robustScale(b.shortMoveMad, ROBUST.priceMoveScaleFloor) : null), GENERIC_PRIOR.shortMoveScale),
    dispersion: med((b) => b.tradesPerHourDispersion, GENERIC_PRIOR.dispersion),
    hourlyProfile: total > 0 ? profile.map((x) => x / total) : [...FLAT],
    logDepthScale: med((b) => (b.logDepthMad !== null ? robustScale(b.logDepthMad, ROBUST.logDepthScaleFloor) : null), GENERIC_PRIOR.logDepthScale),
    spreadScale: med((b) => (b.spreadMad !== null ? robustScale(b.spreadMad, ROBUST.spreadScaleFloor) : null), GENERIC_PRIOR.spreadScale),
  };
}

export interface PriorPools {
  /** The prior for a market of this series and category: the series pool, else the category's, else all, else generic. */
  priorFor(series: string, category: string): PooledPrior;
}

/** Pools the mature baselines by series and category. */
export function poolPriors(markets: Iterable<{ series: string; category: string; baseline: Baseline | null | undefined }>): PriorPools {
  const bySeries = new Map<string, Baseline[]>();
  const byCategory = new Map<string, Baseline[]>();
  const all: Baseline[] = [];
  for (const m of markets) {
    if (!isMature(m.baseline)) continue;
    all.push(m.baseline);
    let s = bySeries.get(m.series);
    if (!s) bySeries.set(m.series, (s = []));
    s.push(m.baseline);
    let c = byCategory.get(m.category);
    if (!c) byCategory.set(m.category, (c = []));
    c.push(m.baseline);
  }
  const cache = new Map<string, PooledPrior>();
  const get = (key: string, source: PooledPrior['source'], list: Baseline[] | undefined): PooledPrior | null => {
    if (!list || list.length < PRIORS.minPoolMarkets) return null;
    let p = cache.get(key);
    if (!p) cache.set(key, (p = pool(source, list)));
    return p;
  };
  return {
    priorFor(series, category) {
      return get(`s:${series}`, 'series', bySeries.get(series)) ?? get(`c:${category}`, 'category', byCategory.get(category)) ?? get('*', 'all', all) ?? GENERIC_PRIOR;
    },
  };
}

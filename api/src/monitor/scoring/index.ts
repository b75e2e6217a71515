/**
 * The scoring model as pure functions. Per 5-minute cycle:
 *   1. `scoreSignals(window)` for every market (trade size, price impact, liquidity, clustering, timing);
 *   2. `crossMarketScores(event)` once per event over the results of step 1;
 *   3. `composeScore({...local, crossMarket}, { baselineStatus })` → composite, label, gate, explanation.
 * `scoreMarket` does 1 + 3 for a market scored on its own. Baselines come from `computeBaseline` (every 6 hours).
 * Every user-visible number lives in `constants.ts` (`SCORING_DOCS` renders the "How it works" page).
 */
import { composeScore } from './compose.ts';
import { scoreSignals } from './signals.ts';
import type { CompositeScore, LocalSignals, MarketWindow, SignalResult } from './types.ts';

export * from './constants.ts';
export type * from './types.ts';
export { computeBaseline, toOrders, bookMid, bookSpread, compareFills, type BaselineInput } from './baseline.ts';
export { poolPriors, GENERIC_PRIOR, isMature, type PriorPools } from './priors.ts';
export { scoreSignals, baselineStatus } from './signals.ts';
export { crossMarketScores } from './cross-market.ts';
export { composeScore, gatePasses, labelFor } from './compose.ts';
export { easternHour, median, mad, medianMad, quantileSorted, robustScale, robustZ, ramp, poissonTailLog10, normalTailLog10 } from './stats.ts';

const NO_CROSS: SignalResult = Object.freeze({ score: 0, facts: Object.freeze({}) as Record<string, number | string> });

/** Convenience: local signals + composite for one market (cross-market defaults to 0). */
export function scoreMarket(window: MarketWindow, crossMarket: SignalResult = NO_CROSS): { signals: LocalSignals; crossMarket: SignalResult; score: CompositeScore } {
  const signals = scoreSignals(window);
  const score = composeScore({ ...signals, crossMarket }, { baselineStatus: signals.baselineStatus });
  return { signals, crossMarket, score };
}

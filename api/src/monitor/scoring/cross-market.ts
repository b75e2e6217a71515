/**
 * crossMarketScores: correlated unusual activity across the markets of one event. Run it after scoreSignals on every
 * market of the event (a second pass). O(markets in the event).
 *
 * Score of market m = 100 × min(1, elevatedSiblings / crossFullSiblings) × (m itself elevated ? 1 : crossSelfNotElevatedFactor),
 * where a market is elevated when its trade size, price impact, liquidity or clustering score is ≥ crossElevatedMin.
 * Timing is left out on purpose: night hours are shared by every sibling and are not evidence of correlation.
 * A market alone in its event scores 0.
 */
import { EXPLANATION, SIGNAL_PARAMS } from './constants.ts';
import type { CrossMarketInput, SignalResult } from './types.ts';

function strongest(s: CrossMarketInput['signals']): number {
  const v = Math.max(s.tradeSize.score, s.priceImpact.score, s.liquidity.score, s.clustering.score);
  return Number.isFinite(v) ? v : 0;
}

export function crossMarketScores(event: readonly CrossMarketInput[]): Map<string, SignalResult> {
  const out = new Map<string, SignalResult>();
  const n = event.length;
  const elevated = new Uint8Array(n);
  let totalElevated = 0;
  for (let i = 0; i < n; i++) {
    if (strongest(event[i]!.signals) >= SIGNAL_PARAMS.crossElevatedMin) {
      elevated[i] = 1;
      totalElevated++;
    }
  }
  for (let i = 0; i < n; i++) {
    const m = event[i]!;
    const siblings = n - 1;
    const elevatedSiblings = totalElevated - elevated[i]!;
    if (siblings <= 0 || elevatedSiblings <= 0) {
      out.set(m.ticker, { score: 0, facts: { siblings: Math.max(0, siblings), elevatedSiblings: 0 } });
      continue;
    }
    let same = 0;
    let opposite = 0;
    const dir = Math.sign(Number.isFinite(m.priceChange) ? m.priceChange : 0);
    for (let j = 0; j < n; j++) {
      if (j === i || !elevated[j]) continue;
      const pc = event[j]!.priceChange;
      const d = Math.sign(Number.isFinite(pc) ? pc : 0);
      if (d === 0 || dir === 0) continue;
      if (d === dir) same++;
      else opposite++;
    }
    const sib = Math.min(1, elevatedSiblings / SIGNAL_PARAMS.crossFullSiblings);
    const self = elevated[i] ? 1 : SIGNAL_PARAMS.crossSelfNotElevatedFactor;
    const score = 100 * sib * self;
    const r: SignalResult = { score, facts: { siblings, elevatedSiblings, movingSameWay: same, movingOppositeWay: opposite, selfElevated: elevated[i] ? 'yes' : 'no' } };
    if (score >= EXPLANATION.minScore) {
      let d = `${elevatedSiblings} of ${siblings} other market${siblings === 1 ? '' : 's'} in this event ${elevatedSiblings === 1 ? 'shows' : 'show'} unusual activity at the same time`;
      if (same + opposite > 0) d += same >= opposite ? `, ${same} moving the same way` : `, ${opposite} moving the opposite way`;
      r.detail = d;
    }
    out.set(m.ticker, r);
  }
  return out;
}

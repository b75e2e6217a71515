/**
 * composeScore: weighted composite, confirmation gate, label and explanation. O(1).
 *
 * Gate reading: passes when a primary signal (trade size or price impact) is ≥ GATE.primaryMin and a DIFFERENT signal —
 * any of the other five, including the other primary — is ≥ GATE.secondaryMin. Failing markets are capped at GATE.cap.
 * Markets still warming up are not capped: their signals are already measured against priors (see PRIORS), and the
 * explanation says so. The gate cap is monotone, so the composite never decreases when a sub-score increases.
 */
import { EXPLANATION, GATE, LABEL_BOUNDS, SIGNAL_NAMES, WEIGHTS, type Label, type SignalName } from './constants.ts';
import { clampScore } from './stats.ts';
import type { BaselineStatus, CompositeScore, SignalResult, SignalSet } from './types.ts';

export function labelFor(composite: number): Label {
  if (composite >= LABEL_BOUNDS.CRITICAL) return 'CRITICAL';
  if (composite >= LABEL_BOUNDS.HIGH) return 'HIGH';
  if (composite >= LABEL_BOUNDS.MEDIUM) return 'MEDIUM';
  return 'LOW';
}

/** Gate check on clamped sub-scores. */
export function gatePasses(sub: { [K in SignalName]: number }): boolean {
  for (const p of GATE.primarySignals) {
    if (sub[p] < GATE.primaryMin) continue;
    for (const s of SIGNAL_NAMES) if (s !== p && sub[s] >= GATE.secondaryMin) return true;
  }
  return false;
}

export type ComposeInput = { [K in SignalName]: Pick<SignalResult, 'score'> & Partial<Pick<SignalResult, 'detail'>> };

export function composeScore(signals: ComposeInput | SignalSet, opts: { baselineStatus?: BaselineStatus } = {}): CompositeScore {
  const subScores = {
    tradeSize: clampScore(signals.tradeSize.score),
    priceImpact: clampScore(signals.priceImpact.score),
    liquidity: clampScore(signals.liquidity.score),
    clustering: clampScore(signals.clustering.score),
    timing: clampScore(signals.timing.score),
    crossMarket: clampScore(signals.crossMarket.score),
  };
  let raw = 0;
  for (const s of SIGNAL_NAMES) raw += (WEIGHTS[s] * subScores[s]) / 100;
  const gatePassed = gatePasses(subScores);
  let c = raw;
  if (!gatePassed) c = Math.min(c, GATE.cap);
  const warming = opts.baselineStatus === 'warming';
  const composite = Math.min(100, Math.max(0, Math.round(c * 100) / 100));
  const rawComposite = Math.round(raw * 100) / 100;
  return {
    composite,
    label: labelFor(composite),
    gatePassed,
    capped: composite < rawComposite,
    rawComposite,
    explanation: explain(signals, subScores, gatePassed, warming),
    subScores,
  };
}

function explain(signals: ComposeInput, sub: { [K in SignalName]: number }, gatePassed: boolean, warming: boolean): string {
  const fired: { w: number; d: string }[] = [];
  for (const s of SIGNAL_NAMES) {
    const d = signals[s].detail;
    if (sub[s] >= EXPLANATION.minScore && d) fired.push({ w: WEIGHTS[s] * sub[s], d });
  }
  let text: string;
  if (fired.length === 0) {
    text = EXPLANATION.quietSentence;
  } else {
    fired.sort((a, b) => b.w - a.w);
    const body = fired.map((f) => f.d).join('; ');
    text = body.charAt(0).toUpperCase() + body.slice(1) + '.';
    if (!gatePassed) text += ' ' + EXPLANATION.gateSentence;
  }
  if (warming) text += ' ' + EXPLANATION.warmingSentence;
  return text;
}

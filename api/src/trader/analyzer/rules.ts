// The deterministic selector used without ANTHROPIC_API_KEY (labelled "rules" everywhere).
// Heuristic: heavy favourites win somewhat more often than priced (the favourite–longshot
// bias), so it shrinks the price a quarter of the way to certainty, or uses our own win rate
// in the same odds range once there are enough resolved trades. It then buys the best
// fee-adjusted edges, judged as the hard limits judge them: at the order's limit price (the
// worst fill), with the exact fee of the sized order. It proposes; the hard limits still decide.
import { feeAt } from '../fees.ts';
import { orderAtLimit, rewardToRiskPpm } from '../risk/limits.ts';
import { type Candidate, oddsBucket } from '../scanner/criteria.ts';
import type { RateRow } from './context.ts';
import type { DecisionEnvelope, Selection } from './tool.ts';

export const RULES_MIN_SAMPLES = 20;

export function rulesProbability(c: Candidate, oddsRates: readonly RateRow[]): number {
  const price = Number(c.priceMicros) / 1e6;
  const row = oddsRates.find((r) => r.bucket === oddsBucket(c.side, c.yesPriceMicros));
  if (row && row.trades >= RULES_MIN_SAMPLES && row.winRate !== null) return row.winRate;
  return Math.min(0.999, price + (1 - price) * 0.25);
}

export function selectByRules(
  candidates: readonly Candidate[],
  opts: { maxContracts: number; minPositionMicros: bigint; maxPositionMicros: bigint; budgetMicros: bigint; oddsRates?: readonly RateRow[]; minRewardToRiskPpm?: bigint },
): Omit<DecisionEnvelope, 'selected_contracts'> & { selected_contracts: Selection[] } {
  const scored = candidates
    .filter((c) => !c.flagged)
    .map((c) => {
      const p = rulesProbability(c, opts.oddsRates ?? []);
      // Edge per contract at the limit after the fee, in micro-dollars (fee for 100 contracts / 100 avoids cent rounding).
      const fee = feeAt(c.fee, 10_000n, c.limitMicros) / 100n;
      const edge = BigInt(Math.round(p * 1e6)) - c.limitMicros - fee;
      return { c, p, edge };
    })
    .filter((s) => s.edge > 0n)
    .sort((a, b) => (a.edge > b.edge ? -1 : a.edge < b.edge ? 1 : a.c.ticker.localeCompare(b.c.ticker)));
  const picks: Selection[] = [];
  let left = opts.budgetMicros;
  for (const s of scored) {
    if (picks.length >= opts.maxContracts) break;
    const alloc = left < opts.maxPositionMicros ? left : opts.maxPositionMicros;
    if (alloc < opts.minPositionMicros) break;
    const probability = Math.round(s.p * 10_000) / 10_000;
    // The order's own fee is rounded up to a cent: a thin edge can vanish at the real size.
    const { size, ev } = orderAtLimit(s.c, alloc, probability);
    if (size.countCenti === 0n || ev.evMicros <= 0n) continue;
    if (rewardToRiskPpm(size.countCenti, s.c.limitMicros, size.feeMicros) < (opts.minRewardToRiskPpm ?? 0n)) continue;
    left -= alloc;
    picks.push({
      ticker: s.c.ticker,
      side: s.c.side,
      allocation: Number(alloc / 10_000n) / 100,
      probability,
      confidence: 0.5,
      reasoning: `Rules selector: ${s.c.side} at ${Number(s.c.priceMicros) / 1e6} (limit ${Number(s.c.limitMicros) / 1e6}), estimated win probability ${s.p.toFixed(3)}, edge after fee ${Number(s.edge) / 1e6} per contract, depth $${Number(s.c.depthMicros / 1_000_000n)}.`,
      risk_factors: ['heuristic estimate (no AI)'],
    });
  }
  return {
    selected_contracts: picks,
    total_allocated: picks.reduce((a, p) => a + p.allocation, 0),
    strategy_notes: `Deterministic rules selector (no ANTHROPIC_API_KEY): ${scored.length} candidates with positive estimated edge after fees; bought the best ${picks.length}.`,
  };
}

// Position rows → report inputs.
import type { Position } from '@sentinel/db';
import { decToMicros } from '../money.ts';
import type { TradeOutcome } from './metrics.ts';

export function toOutcome(p: Pick<Position, 'status' | 'cost' | 'entryFees' | 'pnl' | 'aiProbability' | 'aiConfidence'>): TradeOutcome {
  return {
    status: p.status,
    investedMicros: decToMicros(p.cost) + decToMicros(p.entryFees),
    pnlMicros: p.pnl === null ? null : decToMicros(p.pnl),
    probability: p.aiProbability,
    confidence: p.aiConfidence,
  };
}

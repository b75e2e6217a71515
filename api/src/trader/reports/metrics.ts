// Performance arithmetic, pure: win rate, ROI, unrealized P&L, calibration of the AI's
// confidence (Brier score and win rate per bucket), maximum drawdown.
export interface TradeOutcome {
  status: 'OPEN' | 'WON' | 'LOST' | 'STOPPED' | 'CLOSED';
  investedMicros: bigint; // cost + entry fees
  pnlMicros: bigint | null;
  probability: number | null;
  confidence: number | null;
}

export function isWin(t: Pick<TradeOutcome, 'status' | 'pnlMicros'>): boolean {
  return t.status === 'WON' || ((t.status === 'CLOSED' || t.status === 'STOPPED') && (t.pnlMicros ?? 0n) > 0n);
}

export interface Stats {
  trades: number;
  closed: number;
  open: number;
  wins: number;
  losses: number;
  winRate: number | null;
  investedMicros: bigint;
  pnlMicros: bigint;
  /** Percent. */
  roi: number | null;
}

export function stats(trades: readonly TradeOutcome[]): Stats {
  let wins = 0;
  let losses = 0;
  let invested = 0n;
  let pnl = 0n;
  let open = 0;
  for (const t of trades) {
    if (t.status === 'OPEN') {
      open++;
      continue;
    }
    invested += t.investedMicros;
    pnl += t.pnlMicros ?? 0n;
    if (isWin(t)) wins++;
    else losses++;
  }
  const closed = wins + losses;
  return {
    trades: trades.length,
    closed,
    open,
    wins,
    losses,
    winRate: closed ? round4(wins / closed) : null,
    investedMicros: invested,
    pnlMicros: pnl,
    roi: invested > 0n ? round4(Number((pnl * 1_000_000n) / invested) / 10_000) : null,
  };
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The spec's unrealized P&L: current price × contracts − what was paid (fees included). */
export function unrealizedMicros(p: { contractsCenti: bigint; currentPriceMicros: bigint | null; costMicros: bigint; entryFeesMicros: bigint }): bigint {
  if (p.currentPriceMicros === null) return 0n;
  return (p.contractsCenti * p.currentPriceMicros) / 100n - p.costMicros - p.entryFeesMicros;
}

export interface CalibrationBucket {
  bucket: string;
  trades: number;
  wins: number;
  winRate: number | null;
  avgConfidence: number | null;
}

export interface Calibration {
  resolved: number;
  /** Mean squared error of the stated probability (or confidence) against outcomes; lower is better. */
  brierScore: number | null;
  buckets: CalibrationBucket[];
}

const BUCKETS = [
  { name: '< 0.60', lo: 0, hi: 0.6 },
  { name: '0.60–0.70', lo: 0.6, hi: 0.7 },
  { name: '0.70–0.80', lo: 0.7, hi: 0.8 },
  { name: '0.80–0.90', lo: 0.8, hi: 0.9 },
  { name: '0.90–1.00', lo: 0.9, hi: 1.0001 },
];

export function calibration(trades: readonly TradeOutcome[]): Calibration {
  const resolved = trades.filter((t) => t.status !== 'OPEN');
  let sq = 0;
  let n = 0;
  for (const t of resolved) {
    const f = t.probability ?? t.confidence;
    if (f === null) continue;
    const o = isWin(t) ? 1 : 0;
    sq += (f - o) ** 2;
    n++;
  }
  const buckets = BUCKETS.map((b) => {
    const inB = resolved.filter((t) => t.confidence !== null && t.confidence >= b.lo && t.confidence < b.hi);
    const wins = inB.filter(isWin).length;
    return {
      bucket: b.name,
      trades: inB.length,
      wins,
      winRate: inB.length ? round4(wins / inB.length) : null,
      avgConfidence: inB.length ? round4(inB.reduce((a, t) => a + (t.confidence ?? 0), 0) / inB.length) : null,
    };
  });
  return { resolved: resolved.length, brierScore: n ? round4(sq / n) : null, buckets };
}

/** Largest peak-to-trough fall of cumulative P&L, in micro-dollars (≥ 0). */
export function maxDrawdownMicros(pnlSequence: readonly bigint[]): bigint {
  let equity = 0n;
  let peak = 0n;
  let worst = 0n;
  for (const p of pnlSequence) {
    equity += p;
    if (equity > peak) peak = equity;
    if (peak - equity > worst) worst = peak - equity;
  }
  return worst;
}

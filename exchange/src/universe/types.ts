import type { LatentPath } from './latent.ts';

export interface PriceRange {
  start: string;
  end: string;
  step: string;
}

export interface SeriesRec {
  idx: number;
  ticker: string;
  title: string;
  category: string;
  tags: string[];
  frequency: string;
  feeType: string;
  /** fee multiplier in thousandths (1000 = 1.0) so fee math stays integral */
  feeMult1000: number;
  exchangeIndex: number;
  events: number[];
  /** raw series JSON from a tape, rendered verbatim */
  raw?: Record<string, unknown>;
  /** Last metadata change (ms), once something changed it; else the start of the history. */
  updatedMs?: number;
}

export interface EventRec {
  idx: number;
  ticker: string;
  seriesIdx: number;
  title: string;
  subTitle: string;
  mutuallyExclusive: boolean;
  isMve: boolean;
  markets: number[];
  strikeDateS: number | null;
  raw?: Record<string, unknown>;
  /** Last metadata change (ms), once something changed it; else its first market's creation. */
  updatedMs?: number;
}

export interface MarketRec {
  idx: number;
  ticker: string;
  eventIdx: number;
  seriesIdx: number;
  marketId: string;
  yesSub: string;
  noSub: string;
  rulesPrimary: string;
  createdS: number;
  openS: number;
  closeS: number;
  /** seconds between close and determination */
  determineDelayS: number;
  settleTimerS: number;
  /** expected trades per day (background flow) */
  rate: number;
  /** typical trade size scale in contracts */
  sizeScale: number;
  /** logit mean and volatilities of the price path */
  mu: number;
  volSlow: number;
  volFast: number;
  /** book depth scale in contracts */
  depth: number;
  /** index into PRICE_STRUCTURES */
  pls: number;
  /**
   * deterministic result ("yes" | "no") unless overridden. Generated markets: defined by the
   * latent path (YES iff lo < X(close) ≤ hi, see latent.ts); tapes: the recorded result.
   */
  result: 'yes' | 'no';
  /** generated markets: the event's latent outcome path and this market's bin of its value at close */
  path?: LatentPath;
  lo?: number;
  hi?: number;
  strikeType: string | null;
  floorStrike: number | null;
  capStrike: number | null;
  isMve: boolean;
  mveCollection: string | null;
  mveLegs: { event_ticker: string; market_ticker: string; side: string }[] | null;
  exchangeIndex: number;
  canCloseEarly: boolean;
  /** pre-history lifetime volume estimate, centi-contracts */
  preVolumeCc: number;
  raw?: Record<string, unknown>;
}

export interface Universe {
  seed: number;
  startMs: number;
  historyStartMs: number;
  series: SeriesRec[];
  events: EventRec[];
  markets: MarketRec[];
  seriesByTicker: Map<string, number>;
  eventByTicker: Map<string, number>;
  marketByTicker: Map<string, number>;
  /** market indices ordered as /markets pages them (created_time desc) */
  marketOrder: Int32Array;
  marketRank: Int32Array;
  /** event indices ordered for /events */
  eventOrder: Int32Array;
  eventRank: Int32Array;
  /** true when built from a tape: no background flow is generated */
  tape: boolean;
  /**
   * favourite–longshot distortion γ of displayed prices: logit(win rate) = γ · logit(price)
   * (γ > 1: longshots priced above their win rate, favourites below; 1 = calibrated)
   */
  longshotBias?: number;
}

export const PRICE_STRUCTURES: { name: string; ranges: PriceRange[]; stepsPips: [number, number, number][] }[] = [
  { name: 'linear_cent', ranges: [{ start: '0.0000', end: '1.0000', step: '0.0100' }], stepsPips: [[0, 10000, 100]] },
  { name: 'deci_cent', ranges: [{ start: '0.0000', end: '1.0000', step: '0.0010' }], stepsPips: [[0, 10000, 10]] },
  {
    name: 'tapered_deci_cent',
    ranges: [
      { start: '0.0000', end: '0.1000', step: '0.0010' },
      { start: '0.1000', end: '0.9000', step: '0.0100' },
      { start: '0.9000', end: '1.0000', step: '0.0010' },
    ],
    stepsPips: [
      [0, 1000, 10],
      [1000, 9000, 100],
      [9000, 10000, 10],
    ],
  },
];

/** True when a price (pips) lies strictly inside (0,1) and on the market's tick grid. */
export function onGrid(pls: number, p: number): boolean {
  if (!Number.isInteger(p) || p <= 0 || p >= 10000) return false;
  const s = PRICE_STRUCTURES[pls] ?? PRICE_STRUCTURES[0]!;
  for (const [a, b, step] of s.stepsPips) {
    if (p >= a && p <= b && (p - a) % step === 0) return true;
  }
  return false;
}

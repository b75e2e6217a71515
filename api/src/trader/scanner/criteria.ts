// The scanner's criteria as pure functions: a market row in, a verdict out. The funnel counts
// every stage so the qualifying page can show where markets drop out.
import type { BookLevel } from '../../kalshi/index.ts';
import { HARD_LIMITS } from '../constants.ts';
import type { FeeSchedule } from '../fees.ts';
import type { TraderParams } from '../settings.ts';

export type Side = 'YES' | 'NO';

export interface MarketRow {
  ticker: string;
  title: string;
  yesSubTitle?: string | null;
  rulesPrimary?: string | null;
  category: string;
  seriesTicker: string;
  eventTicker?: string;
  status: string;
  closeTime: Date;
  yesBidMicros: bigint | null;
  yesAskMicros: bigint | null;
  lastPriceMicros: bigint | null;
  latestLabel: string | null;
  fee: FeeSchedule;
}

export interface Candidate {
  ticker: string;
  title: string;
  /** Market text is untrusted data (anyone can word a market); it reaches the AI only as data. */
  yesSubTitle: string | null;
  rules: string | null;
  category: string;
  seriesTicker: string;
  side: Side;
  /** Best ask of the held side, from the order book. */
  priceMicros: bigint;
  yesPriceMicros: bigint;
  closeTime: Date;
  daysToClose: number;
  /** Dollars offered on our side at executable prices (best ask up to the slippage cap). */
  depthMicros: bigint;
  /** The limit we would send: best ask + slippage, whole cents, capped. */
  limitMicros: bigint;
  monitorLabel: string | null;
  flagged: boolean;
  fee: FeeSchedule;
}

export const ACTIVE_STATUSES = ['active', 'open'];
export const DAY_MS = 86_400_000;

export type StageName = 'synced' | 'active' | 'closingSoon' | 'validPrices' | 'odds' | 'monitorFlag' | 'depth';

export const STAGES: { name: StageName; description: string }[] = [
  { name: 'synced', description: 'Markets in the synced cache' },
  { name: 'active', description: 'Active (open for trading)' },
  { name: 'closingSoon', description: 'Closing within the maximum days' },
  { name: 'validPrices', description: 'Valid quotes (a price strictly between 0 and 1 on the side we would buy)' },
  { name: 'odds', description: 'YES price in the buy-YES band, or YES at or below the buy-NO ceiling' },
  { name: 'monitorFlag', description: 'Not flagged HIGH/CRITICAL by the monitor (or flags allowed)' },
  { name: 'depth', description: 'Order-book depth at executable prices at least the minimum (batch order books)' },
];

export type PreVerdict = { ok: true; side: Side; yesPriceMicros: bigint } | { ok: false; stage: StageName; reason: string };

const valid = (p: bigint | null): p is bigint => p !== null && p > 0n && p < 1_000_000n;

/** Which side the market qualifies for from its cached quotes, or the first stage it fails. */
export function preQualify(m: MarketRow, params: TraderParams, now: Date): PreVerdict {
  if (!ACTIVE_STATUSES.includes(m.status)) return { ok: false, stage: 'active', reason: `status ${m.status}` };
  const msLeft = m.closeTime.getTime() - now.getTime();
  if (msLeft <= 0 || msLeft > params.maxDaysToClose * DAY_MS) return { ok: false, stage: 'closingSoon', reason: `closes in ${(msLeft / DAY_MS).toFixed(2)} days` };
  const askOk = valid(m.yesAskMicros);
  const bidOk = valid(m.yesBidMicros);
  if (!askOk && !bidOk) return { ok: false, stage: 'validPrices', reason: 'no valid quote' };
  if (askOk && m.yesAskMicros! >= params.minYesMicros && m.yesAskMicros! <= params.maxYesMicros) {
    return { ok: true, side: 'YES', yesPriceMicros: m.yesAskMicros! };
  }
  if (bidOk && m.yesBidMicros! <= params.maxYesForNoMicros) return { ok: true, side: 'NO', yesPriceMicros: m.yesBidMicros! };
  return { ok: false, stage: 'odds', reason: 'price outside both bands' };
}

export function isFlagged(label: string | null): boolean {
  return label === 'HIGH' || label === 'CRITICAL';
}

/** Asks for the held side, best (cheapest) first: the other leg's bids seen from our side. */
export function asksFor(side: Side, book: { yes: readonly BookLevel[]; no: readonly BookLevel[] }): { priceMicros: bigint; countCenti: bigint }[] {
  const otherBids = side === 'YES' ? book.no : book.yes;
  return otherBids
    .filter((l) => l.count_centi > 0n && l.price_micros > 0n && l.price_micros < 1_000_000n)
    .map((l) => ({ priceMicros: 1_000_000n - l.price_micros, countCenti: l.count_centi }))
    .sort((a, b) => (a.priceMicros < b.priceMicros ? -1 : a.priceMicros > b.priceMicros ? 1 : 0));
}

/** Bids for the held side, best (highest) first: what a sell would hit. */
export function bidsFor(side: Side, book: { yes: readonly BookLevel[]; no: readonly BookLevel[] }): { priceMicros: bigint; countCenti: bigint }[] {
  const own = side === 'YES' ? book.yes : book.no;
  return own
    .filter((l) => l.count_centi > 0n && l.price_micros > 0n && l.price_micros < 1_000_000n)
    .map((l) => ({ priceMicros: l.price_micros, countCenti: l.count_centi }))
    .sort((a, b) => (a.priceMicros > b.priceMicros ? -1 : a.priceMicros < b.priceMicros ? 1 : 0));
}

/** The entry limit: best ask plus the slippage cap, rounded up to a whole cent (valid on every grid), capped. */
export function entryLimit(bestAskMicros: bigint, params: Pick<TraderParams, 'maxSlippageMicros'>, capMicros: bigint): bigint {
  const raw = bestAskMicros + params.maxSlippageMicros;
  const cent = ((raw + 9_999n) / 10_000n) * 10_000n;
  return cent > capMicros ? capMicros : cent;
}

export type BookVerdict =
  | { ok: true; priceMicros: bigint; depthMicros: bigint; limitMicros: bigint }
  | { ok: false; stage: StageName; reason: string; depthMicros: bigint };

/**
 * Re-checks the price against the live book (the cached quote may be stale) and measures depth:
 * dollars offered on our side from the best ask up to our limit.
 */
export function checkBook(side: Side, book: { yes: readonly BookLevel[]; no: readonly BookLevel[] }, params: TraderParams): BookVerdict {
  const asks = asksFor(side, book);
  const best = asks[0];
  if (!best) return { ok: false, stage: 'depth', reason: 'empty book on our side', depthMicros: 0n };
  const yesPrice = side === 'YES' ? best.priceMicros : 1_000_000n - best.priceMicros;
  const inBand = side === 'YES' ? yesPrice >= params.minYesMicros && yesPrice <= params.maxYesMicros : yesPrice <= params.maxYesForNoMicros;
  if (!inBand) return { ok: false, stage: 'odds', reason: `book price ${yesPrice} left the band`, depthMicros: 0n };
  const cap = side === 'YES' ? params.maxYesMicros : HARD_LIMITS.maxEntryPriceMicros;
  if (best.priceMicros > cap) return { ok: false, stage: 'odds', reason: 'best ask above the highest price we pay', depthMicros: 0n };
  const limitMicros = entryLimit(best.priceMicros, params, cap);
  let depth = 0n;
  for (const a of asks) {
    if (a.priceMicros > limitMicros) break;
    depth += (a.countCenti * a.priceMicros) / 100n;
  }
  if (depth < params.minDepthMicros) return { ok: false, stage: 'depth', reason: `depth $${Number(depth / 10_000n) / 100} below minimum`, depthMicros: depth };
  return { ok: true, priceMicros: best.priceMicros, depthMicros: depth, limitMicros };
}

export function daysBetween(now: Date, close: Date): number {
  return Math.round(((close.getTime() - now.getTime()) / DAY_MS) * 100) / 100;
}

export function oddsBucket(side: Side, yesPriceMicros: bigint): string {
  if (side === 'NO') return 'NO (YES ≤ 0.02)';
  if (yesPriceMicros < 900_000n) return 'YES 0.85–0.90';
  if (yesPriceMicros < 950_000n) return 'YES 0.90–0.95';
  return 'YES 0.95–0.98';
}

export function daysBucket(days: number): string {
  if (days < 0.5) return '< 12 hours';
  if (days < 1) return '12–24 hours';
  return '1–2 days';
}

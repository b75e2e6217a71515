// Reads the Alert's JSON columns (signals, baseline, trigger trades) for the email. The monitor
// writes them; reading tolerantly means an older or partial row still renders an email.
import { SIGNAL_INFO, SIGNAL_NAMES, type SignalName, WEIGHTS } from '../../monitor/scoring/constants.ts';
import { fmtCents, fmtCount } from '../../monitor/scoring/format.ts';

/** One sub-score as the email shows it. */
export interface SignalLine {
  name: SignalName;
  title: string;
  weight: number;
  score: number;
  /** weight × score / 100: the points this signal added to the composite. */
  points: number;
  detail?: string;
}

/**
 * `alert.signals`: per signal either the score, or `{ score, detail?, facts? }` (a SignalResult).
 */
export function readSignals(value: unknown): SignalLine[] {
  const source = isRecord(value) && isRecord(value.subScores) ? value.subScores : value;
  return SIGNAL_NAMES.map((name) => {
    const raw = isRecord(source) ? source[name] : undefined;
    const score = clampScore(typeof raw === 'number' ? raw : isRecord(raw) ? Number(raw.score) : 0);
    const detail = isRecord(raw) && typeof raw.detail === 'string' && raw.detail ? raw.detail : undefined;
    return { name, title: SIGNAL_INFO[name].title, weight: WEIGHTS[name], score, points: (WEIGHTS[name] * score) / 100, ...(detail ? { detail } : {}) };
  });
}

export interface BaselineLine {
  label: string;
  value: string;
}

const BASELINE_FIELDS: { key: string; label: string; format: (n: number) => string }[] = [
  { key: 'historyHours', label: 'History covered', format: (n) => (n >= 48 ? `${fmtCount(n / 24)} days` : `${fmtCount(n)} hours`) },
  { key: 'orderCount', label: 'Orders in the baseline', format: fmtCount },
  { key: 'tradeCount', label: 'Trades in the baseline', format: fmtCount },
  { key: 'tradeSizeMedian', label: 'Median order', format: (n) => `${fmtCount(n)} contracts` },
  { key: 'tradeSizeP99', label: '99th-percentile order', format: (n) => `${fmtCount(n)} contracts` },
  { key: 'tradesPerHourMean', label: 'Orders per hour', format: fmtCount },
  { key: 'tradesPerHourMedian', label: 'Orders per hour (median)', format: fmtCount },
  { key: 'volumePerHourMean', label: 'Contracts per hour', format: fmtCount },
  { key: 'priceMoveMedian', label: 'Median price move per window', format: fmtCents },
  { key: 'spreadMedian', label: 'Median spread', format: fmtCents },
  { key: 'depthMedian', label: 'Median depth near the touch', format: (n) => `${fmtCount(n)} contracts` },
];

/** `alert.baseline`: the market's 7-day statistics; known fields get names and units, in a fixed order. */
export function readBaseline(value: unknown): BaselineLine[] {
  if (!isRecord(value)) return [];
  const lines: BaselineLine[] = [];
  for (const field of BASELINE_FIELDS) {
    const n = value[field.key];
    if (typeof n === 'number' && Number.isFinite(n)) lines.push({ label: field.label, value: field.format(n) });
  }
  return lines;
}

export interface TradeLine {
  at: Date | null;
  /** "YES" or "NO": the side the taker bought. */
  side: 'YES' | 'NO' | '?';
  /** The price the taker paid for their side, in dollars. */
  price: number | null;
  count: number;
  /** Dollars paid: count × price. */
  cost: number | null;
}

/**
 * `alert.triggerTrades`: the trades behind the alert, each with a time (`at` ISO, `ts` ms or `createdTime`), a YES price
 * in dollars (`yesPrice`), a size (`count`) and the taker's side (`takerSide` "yes" | "no"). Largest first.
 */
export function readTriggerTrades(value: unknown, limit = 5): TradeLine[] {
  const rows = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.trades) ? value.trades : [];
  const trades: TradeLine[] = [];
  for (const row of rows) {
    if (!isRecord(row)) continue;
    const count = num(row.count ?? row.size ?? row.contracts);
    if (count === null || count <= 0) continue;
    const time = row.at ?? row.ts ?? row.createdTime ?? row.created_time ?? row.time;
    const at = typeof time === 'number' || typeof time === 'string' ? new Date(time) : null;
    const sideRaw = String(row.takerSide ?? row.takerOutcomeSide ?? row.taker_outcome_side ?? row.side ?? '').toLowerCase();
    const side = sideRaw === 'yes' ? 'YES' : sideRaw === 'no' ? 'NO' : '?';
    const yes = num(row.yesPrice ?? row.yes_price ?? row.price);
    const price = yes === null ? null : side === 'NO' ? 1 - yes : yes;
    trades.push({ at: at && !Number.isNaN(at.getTime()) ? at : null, side, price, count, cost: price === null ? null : price * count });
  }
  return trades.sort((a, b) => b.count - a.count).slice(0, limit);
}

/** One decimal, truncated, so a displayed score never rounds up into the next label (74.99 shows as 74.9). */
export function fmtScore(score: number): string {
  return (Math.floor(score * 10 + 1e-9) / 10).toFixed(1);
}

export function fmtDollars(dollars: number): string {
  return `$${dollars.toLocaleString('en-US', { maximumFractionDigits: dollars >= 100 ? 0 : 2, minimumFractionDigits: dollars >= 100 ? 0 : 2 })}`;
}

function clampScore(n: number): number {
  return Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : 0;
}

function num(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

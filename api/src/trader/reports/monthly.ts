// Monthly analysis: the previous month's trades by category and by series, best and worst, and
// insights written from the numbers (deterministic, so the report never invents anything).
import type { Position } from '@sentinel/db';
import { decToCenti, decToMicros, dollars, microsToDec } from '../money.ts';
import type { TraderDeps } from '../pipeline.ts';
import { easternDate, startOfEasternDay } from '../state.ts';
import { type Stats, stats } from './metrics.ts';
import { toOutcome } from './queries.ts';
import { GroupRowsSchema } from '../stored-shapes.ts';

export interface GroupRow {
  key: string;
  trades: number;
  invested: string;
  pnl: string;
  winRate: number | null;
  roi: number | null;
}

function row(key: string, s: Stats): GroupRow {
  return { key, trades: s.closed, invested: dollars(s.investedMicros), pnl: dollars(s.pnlMicros), winRate: s.winRate, roi: s.roi };
}

export function groupBy(positions: readonly Position[], key: (p: Position) => string): { rows: GroupRow[]; stats: Map<string, Stats> } {
  const groups = new Map<string, Position[]>();
  for (const p of positions) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  const map = new Map<string, Stats>();
  for (const [k, ps] of groups) map.set(k, stats(ps.map(toOutcome)));
  const rows = [...map.entries()].map(([k, s]) => row(k, s)).sort((a, b) => b.trades - a.trades || a.key.localeCompare(b.key));
  return { rows, stats: map };
}

export function monthlyAnalysis(positions: readonly Position[], monthLabel: string) {
  const closed = positions.filter((p) => p.status !== 'OPEN');
  const total = stats(closed.map(toOutcome));
  const byCategory = groupBy(closed, (p) => p.category);
  const bySeries = groupBy(closed, (p) => p.seriesTicker);
  const ranked = [...byCategory.stats.entries()].sort(([, a], [, b]) => (a.pnlMicros > b.pnlMicros ? -1 : a.pnlMicros < b.pnlMicros ? 1 : 0));
  const top = ranked.filter(([, s]) => s.pnlMicros > 0n).slice(0, 3).map(([k, s]) => row(k, s));
  const worst = ranked.filter(([, s]) => s.pnlMicros < 0n).reverse().slice(0, 3).map(([k, s]) => row(k, s));
  const insights: string[] = [];
  if (total.closed === 0) insights.push(`No trades closed in ${monthLabel}.`);
  else {
    insights.push(`${total.closed} trades closed in ${monthLabel}: ${total.wins} won, ${total.losses} lost (win rate ${((total.winRate ?? 0) * 100).toFixed(1)}%), P&L ${dollars(total.pnlMicros)} on ${dollars(total.investedMicros)} invested (ROI ${total.roi?.toFixed(2) ?? '—'}%).`);
    if (top[0]) insights.push(`Best category: ${top[0].key} (${top[0].pnl} over ${top[0].trades} trades).`);
    if (worst[0]) insights.push(`Worst category: ${worst[0].key} (${worst[0].pnl} over ${worst[0].trades} trades); weigh it down in selection.`);
    const stopped = closed.filter((p) => p.status === 'STOPPED').length;
    if (stopped) insights.push(`${stopped} position${stopped === 1 ? ' was' : 's were'} stopped out below the stop-loss price.`);
    const priced = averagePricePaid(closed);
    if (priced !== null && total.winRate !== null) insights.push(pricingInsight(total.winRate, priced));
  }
  return { total, byCategory: byCategory.rows, bySeries: bySeries.rows, top, worst, insights: insights.join(' ') };
}

/**
 * The break-even win rate: what was paid per contract, fees included, averaged over trades. A
 * contract bought at 0.85 needs to win 85% of the time to break even.
 */
export function averagePricePaid(closed: readonly Pick<Position, 'contracts' | 'cost' | 'entryFees'>[]): number | null {
  let sum = 0;
  let n = 0;
  for (const p of closed) {
    const cc = decToCenti(p.contracts);
    if (cc <= 0n) continue;
    // micro-dollars per contract → a probability, for display and comparison only.
    sum += Number(((decToMicros(p.cost) + decToMicros(p.entryFees)) * 100n) / cc) / 1_000_000;
    n++;
  }
  return n ? sum / n : null;
}

/** Win rate against the price paid: above it the favourites won more often than priced. */
export function pricingInsight(winRate: number, pricePaid: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (Math.abs(winRate - pricePaid) < 0.005) return `The win rate (${pct(winRate)}) matched the average price paid (${pct(pricePaid)} with fees): favourites won about as often as priced.`;
  return winRate > pricePaid
    ? `The win rate (${pct(winRate)}) beat the average price paid (${pct(pricePaid)} with fees): favourites won more often than priced.`
    : `The win rate (${pct(winRate)}) was below the average price paid (${pct(pricePaid)} with fees): favourites lost more often than priced.`;
}

/** US Eastern midnight starting the first of a month (month 1–12). */
export function easternMonthStart(year: number, month: number): Date {
  // Noon UTC on the 1st is the 1st in US Eastern too.
  return startOfEasternDay(new Date(Date.UTC(year, month - 1, 1, 12)));
}

/** The month before `now`, cut at US Eastern midnights (a trade closed at 9 pm ET on the 31st is that month's). */
export function previousMonth(now: Date): { start: Date; end: Date; monthStart: Date; label: string } {
  const [y, m] = easternDate(now).split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const start = easternMonthStart(py, pm);
  const end = easternMonthStart(y, m);
  // The row's key: the calendar date of the first (a DATE column).
  const monthStart = new Date(Date.UTC(py, pm - 1, 1));
  return { start, end, monthStart, label: `${monthStart.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${py}` };
}

/** A month to analyse: its bounds, and the calendar date that keys its row (the first, by default the start's Eastern date). */
export type MonthBounds = { start: Date; end: Date; label: string; monthStart?: Date };

export async function runMonthlyAnalysis(deps: TraderDeps, month: MonthBounds = previousMonth(deps.now())) {
  // Trades count in the month they closed (their outcome is known then). Paper and live are
  // analysed apart: one never colours the other's report.
  let trades = 0;
  for (const mode of ['PAPER', 'LIVE'] as const) {
    const positions = await deps.prisma.position.findMany({ where: { mode, closedAt: { gte: month.start, lt: month.end } } });
    if (positions.length === 0 && mode === 'LIVE') continue;
    trades += await storeMonth(deps, month, mode, positions);
  }
  return { trades };
}

async function storeMonth(deps: TraderDeps, month: MonthBounds, mode: 'PAPER' | 'LIVE', positions: Position[]) {
  const a = monthlyAnalysis(positions, month.label);
  const data = {
    totalTrades: a.total.closed,
    totalInvested: microsToDec(a.total.investedMicros),
    totalPnl: microsToDec(a.total.pnlMicros),
    winRate: a.total.winRate,
    avgRoi: a.total.roi,
    categoryAnalysis: GroupRowsSchema.parse(a.byCategory),
    seriesAnalysis: GroupRowsSchema.parse(a.bySeries),
    topCategories: GroupRowsSchema.parse(a.top),
    worstCategories: GroupRowsSchema.parse(a.worst),
    insights: a.insights,
  };
  const key = { monthStart: month.monthStart ?? new Date(`${easternDate(month.start)}T00:00:00Z`), mode };
  await deps.prisma.monthlyAnalysis.upsert({ where: { monthStart_mode: key }, create: { ...key, ...data }, update: data });
  return a.total.closed;
}

// Monthly analysis: the previous month's trades by category and by series, best and worst, and
// insights written from the numbers (deterministic, so the report never invents anything).
import type { Position } from '@sentinel/db';
import { dollars, microsToDec } from '../money.ts';
import type { TraderDeps } from '../pipeline.ts';
import { easternDate } from '../state.ts';
import { type Stats, stats } from './metrics.ts';
import { toOutcome } from './queries.ts';

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
    const breakEven = total.closed ? Number(total.investedMicros) / Number(total.investedMicros + (total.pnlMicros > 0n ? total.pnlMicros : 0n)) : null;
    if (breakEven !== null && total.winRate !== null && total.winRate < breakEven) insights.push('The win rate was below the average price paid: favourites lost more often than priced.');
  }
  return { total, byCategory: byCategory.rows, bySeries: bySeries.rows, top, worst, insights: insights.join(' ') };
}

/** The month before `now` (US Eastern). */
export function previousMonth(now: Date): { start: Date; end: Date; label: string } {
  const [y, m] = easternDate(now).split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const start = new Date(Date.UTC(py, pm - 1, 1));
  const end = new Date(Date.UTC(y, m - 1, 1));
  return { start, end, label: `${start.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${py}` };
}

export async function runMonthlyAnalysis(deps: TraderDeps, month = previousMonth(deps.now())) {
  // Trades count in the month they closed (their outcome is known then); Eastern-day bounds are close enough here.
  const positions = await deps.prisma.position.findMany({ where: { closedAt: { gte: month.start, lt: month.end } } });
  const a = monthlyAnalysis(positions, month.label);
  const data = {
    totalTrades: a.total.closed,
    totalInvested: microsToDec(a.total.investedMicros),
    totalPnl: microsToDec(a.total.pnlMicros),
    winRate: a.total.winRate,
    avgRoi: a.total.roi,
    categoryAnalysis: a.byCategory as never,
    seriesAnalysis: a.bySeries as never,
    topCategories: a.top as never,
    worstCategories: a.worst as never,
    insights: a.insights,
  };
  await deps.prisma.monthlyAnalysis.upsert({ where: { monthStart: month.start }, create: { monthStart: month.start, ...data }, update: data });
  return { trades: a.total.closed, categories: a.byCategory.length, series: a.bySeries.length };
}

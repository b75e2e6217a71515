// Circuit breakers: a losing streak or a cluster of stop-losses pauses new entries until someone
// resumes. Only what happened since the last resume counts, so a resume is not re-tripped by the
// same losses. Paper and live are separate books: each mode trips and resumes on its own trades,
// so paper losses never pause live trading.
import type { PrismaClient } from '@sentinel/db';
import { decToMicros } from '../money.ts';
import type { TraderParams } from '../settings.ts';
import type { Mode } from '../state.ts';

export interface ClosedTrade {
  status: 'WON' | 'LOST' | 'STOPPED' | 'CLOSED';
  pnlMicros: bigint;
  closedAt: Date;
}

export function isLoss(t: ClosedTrade): boolean {
  return t.status === 'LOST' || ((t.status === 'STOPPED' || t.status === 'CLOSED') && t.pnlMicros < 0n);
}

/** Consecutive losses, newest first. */
export function lossStreak(closedNewestFirst: readonly ClosedTrade[]): number {
  let n = 0;
  for (const t of closedNewestFirst) {
    if (!isLoss(t)) break;
    n++;
  }
  return n;
}

export function evaluateBreakers(
  input: { closedNewestFirst: readonly ClosedTrade[]; stopLossTimes: readonly Date[]; since: Date | null; now: Date },
  params: Pick<TraderParams, 'maxLossStreak' | 'maxStopLosses24h'>,
): { trip: boolean; reason: string; streak: number; stopLosses24h: number } {
  const since = input.since?.getTime() ?? 0;
  const closed = input.closedNewestFirst.filter((t) => t.closedAt.getTime() > since);
  const streak = lossStreak(closed);
  const dayAgo = input.now.getTime() - 86_400_000;
  const stops = input.stopLossTimes.filter((t) => t.getTime() > Math.max(since, dayAgo)).length;
  if (streak >= params.maxLossStreak) return { trip: true, reason: `${streak} losses in a row (limit ${params.maxLossStreak})`, streak, stopLosses24h: stops };
  if (stops >= params.maxStopLosses24h) return { trip: true, reason: `${stops} stop-losses in 24 hours (limit ${params.maxStopLosses24h})`, streak, stopLosses24h: stops };
  return { trip: false, reason: 'ok', streak, stopLosses24h: stops };
}

export async function activePause(prisma: PrismaClient, mode: Mode) {
  return prisma.tradingPause.findFirst({ where: { mode, resumedAt: null }, orderBy: { pausedAt: 'desc' } });
}

/**
 * One time per stopped position: a stop that could not sell (below its floor) is tried again
 * every run, and those retries are one stop, not many.
 */
export function firstStopPerPosition(events: readonly { positionId: string; triggeredAt: Date }[]): Date[] {
  const first = new Map<string, Date>();
  for (const e of events) {
    const seen = first.get(e.positionId);
    if (!seen || e.triggeredAt < seen) first.set(e.positionId, e.triggeredAt);
  }
  return [...first.values()];
}

/** Evaluates the mode's breakers and records a pause when one trips; returns the active pause, if any. */
export async function checkBreakers(prisma: PrismaClient, params: TraderParams, now: Date, mode: Mode) {
  const existing = await activePause(prisma, mode);
  if (existing) return { pause: existing, streak: 0, stopLosses24h: 0 };
  const lastResume = await prisma.tradingPause.findFirst({ where: { mode, resumedAt: { not: null } }, orderBy: { resumedAt: 'desc' } });
  const since = lastResume?.resumedAt ?? null;
  const closed = await prisma.position.findMany({
    where: { mode, status: { not: 'OPEN' }, closedAt: { not: null, ...(since ? { gt: since } : {}) } },
    orderBy: { closedAt: 'desc' },
    take: 200,
    select: { status: true, pnl: true, closedAt: true },
  });
  const stops = await prisma.stopLossEvent.findMany({ where: { position: { mode }, triggeredAt: { gt: new Date(now.getTime() - 86_400_000) } }, select: { positionId: true, triggeredAt: true } });
  const verdict = evaluateBreakers(
    {
      closedNewestFirst: closed.map((c) => ({ status: c.status as ClosedTrade['status'], pnlMicros: decToMicros(c.pnl), closedAt: c.closedAt! })),
      stopLossTimes: firstStopPerPosition(stops),
      since,
      now,
    },
    params,
  );
  if (!verdict.trip) return { pause: null, streak: verdict.streak, stopLosses24h: verdict.stopLosses24h };
  const pause = await prisma.tradingPause.create({ data: { mode, reason: `${mode === 'LIVE' ? 'live' : 'paper'}: ${verdict.reason}`, pausedAt: now } });
  return { pause, streak: verdict.streak, stopLosses24h: verdict.stopLosses24h };
}

/** Resumes the given mode, or both when none is given. */
export async function resumeTrading(prisma: PrismaClient, now: Date, mode?: Mode) {
  const result = await prisma.tradingPause.updateMany({ where: { resumedAt: null, ...(mode ? { mode } : {}) }, data: { resumedAt: now } });
  return result.count;
}

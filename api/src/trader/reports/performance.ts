// The trading summary (dashboard) and the daily performance snapshot.
import type { PrismaClient } from '@sentinel/db';
import { decToCenti, decToMicros, microsToDec } from '../money.ts';
import { type TraderDeps, bankroll } from '../pipeline.ts';
import { activePause } from '../risk/breakers.ts';
import { loadTraderParams } from '../settings.ts';
import { type Mode, easternDate, getModeState } from '../state.ts';
import { type Stats, calibration, stats, unrealizedMicros } from './metrics.ts';
import { toOutcome } from './queries.ts';

export interface OpenPositionView {
  id: string;
  ticker: string;
  title: string;
  category: string;
  side: 'YES' | 'NO';
  mode: Mode;
  contracts: bigint;
  entryPriceMicros: bigint;
  costMicros: bigint;
  entryFeesMicros: bigint;
  currentPriceMicros: bigint | null;
  unrealizedMicros: bigint;
  openedAt: Date;
  aiConfidence: number | null;
}

/** Current held-side price from the synced market row: what selling would fetch (the bid). */
export async function openPositions(prisma: PrismaClient, mode?: Mode): Promise<OpenPositionView[]> {
  const rows = await prisma.position.findMany({ where: { status: 'OPEN', ...(mode ? { mode } : {}) }, orderBy: { openedAt: 'desc' } });
  const markets = await prisma.market.findMany({ where: { ticker: { in: rows.map((r) => r.ticker) } }, select: { ticker: true, yesBid: true, yesAsk: true } });
  const byTicker = new Map(markets.map((m) => [m.ticker, m]));
  return rows.map((r) => {
    const m = byTicker.get(r.ticker);
    const price = !m ? null : r.side === 'YES' ? (m.yesBid === null ? null : decToMicros(m.yesBid)) : m.yesAsk === null ? null : 1_000_000n - decToMicros(m.yesAsk);
    const view = {
      id: r.id,
      ticker: r.ticker,
      title: r.title,
      category: r.category,
      side: r.side,
      mode: r.mode,
      contracts: decToCenti(r.contracts),
      entryPriceMicros: decToMicros(r.entryPrice),
      costMicros: decToMicros(r.cost),
      entryFeesMicros: decToMicros(r.entryFees),
      currentPriceMicros: price,
      unrealizedMicros: 0n,
      openedAt: r.openedAt,
      aiConfidence: r.aiConfidence,
    };
    view.unrealizedMicros = unrealizedMicros({ contractsCenti: view.contracts, currentPriceMicros: price, costMicros: view.costMicros, entryFeesMicros: view.entryFeesMicros });
    return view;
  });
}

export interface Summary {
  mode: Mode;
  modeReason: string;
  liveConfirmed: boolean;
  bankrollMicros: bigint | null;
  bankrollError: string | null;
  stats: Stats;
  unrealizedMicros: bigint;
  openPositions: number;
  breaker: { paused: boolean; reason: string | null; pausedAt: Date | null };
  selector: 'claude' | 'rules';
  calibration: ReturnType<typeof calibration>;
}

/** The current mode's summary, or `mode`'s (the nightly snapshot takes both). */
export async function buildSummary(deps: TraderDeps, only?: Mode): Promise<Summary> {
  const { prisma } = deps;
  const current = await getModeState(prisma, deps.services);
  const modeState = only ? { ...current, mode: only } : current;
  const params = await loadTraderParams(prisma);
  const positions = await prisma.position.findMany({ where: { mode: modeState.mode } });
  const outcomes = positions.map(toOutcome);
  let bank: bigint | null = null;
  let bankrollError: string | null = null;
  try {
    bank = await bankroll(deps, modeState.mode, params);
  } catch (error) {
    bankrollError = (error as Error).message.slice(0, 300);
  }
  const open = await openPositions(prisma, modeState.mode);
  const pause = await activePause(prisma, modeState.mode);
  return {
    mode: modeState.mode,
    modeReason: modeState.reason,
    liveConfirmed: modeState.liveConfirmed,
    bankrollMicros: bank,
    bankrollError,
    stats: stats(outcomes),
    unrealizedMicros: open.reduce((a, p) => a + p.unrealizedMicros, 0n),
    openPositions: open.length,
    breaker: { paused: Boolean(pause), reason: pause?.reason ?? null, pausedAt: pause?.pausedAt ?? null },
    selector: deps.services.ai.apiKey ? 'claude' : 'rules',
    calibration: calibration(outcomes),
  };
}

/** Upserts today's (US Eastern) snapshots: paper, and live once there are Kalshi keys or live trades. */
export async function writePerformanceSnapshot(deps: TraderDeps) {
  const live = deps.services.kalshiAuthenticated || (await deps.prisma.position.count({ where: { mode: 'LIVE' } })) > 0;
  let out = { trades: 0, wins: 0, losses: 0, openPositions: 0 };
  for (const mode of live ? (['PAPER', 'LIVE'] as const) : (['PAPER'] as const)) {
    const r = await writeSnapshot(deps, mode);
    out = { trades: out.trades + r.trades, wins: out.wins + r.wins, losses: out.losses + r.losses, openPositions: out.openPositions + r.openPositions };
  }
  return out;
}

async function writeSnapshot(deps: TraderDeps, mode: Mode) {
  const summary = await buildSummary(deps, mode);
  const date = new Date(`${easternDate(deps.now())}T00:00:00Z`);
  const s = summary.stats;
  const data = {
    totalTrades: s.closed,
    wins: s.wins,
    losses: s.losses,
    winRate: s.winRate,
    totalPnl: microsToDec(s.pnlMicros),
    totalInvested: microsToDec(s.investedMicros),
    totalReturnPct: s.roi,
    bankroll: microsToDec(summary.bankrollMicros ?? 0n),
    unrealizedPnl: microsToDec(summary.unrealizedMicros),
    openPositions: summary.openPositions,
  };
  await deps.prisma.performanceSnapshot.upsert({ where: { date_mode: { date, mode } }, create: { date, mode, ...data }, update: data });
  return { trades: s.closed, wins: s.wins, losses: s.losses, openPositions: summary.openPositions };
}

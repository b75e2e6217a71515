// The trader's standing: mode (paper unless everything says live), bankroll, today's spend.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@sentinel/db';
import type { Services } from '../services.ts';
import { decToCenti, decToMicros } from './money.ts';
import type { TraderParams } from './settings.ts';

export type Mode = 'PAPER' | 'LIVE';

/** Stored outside the settings schema so PUT /api/settings can never switch to live. */
export const MODE_SETTING_KEY = 'trader.liveMode';

/**
 * This process's start: a live confirmation holds only for the process that received it, so a
 * restart (a deploy, a crash, a copied database) comes back in paper until someone confirms again.
 */
export const PROCESS_BOOT_ID = randomUUID();

export interface ModeState {
  mode: Mode;
  /** The user confirmed live trading (POST /api/trading/mode) in this process, for this Kalshi key. */
  liveConfirmed: boolean;
  dryRun: boolean;
  kalshiAuthenticated: boolean;
  reason: string;
}

interface StoredMode {
  live?: unknown;
  bootId?: unknown;
  keyFingerprint?: unknown;
}

type ModeServices = Pick<Services, 'dryRun' | 'kalshiAuthenticated'> & { kalshi?: { keyFingerprint?: () => string | null } };

export async function getModeState(prisma: PrismaClient, services: ModeServices | undefined, bootId = PROCESS_BOOT_ID): Promise<ModeState> {
  const row = await prisma.setting.findUnique({ where: { key: MODE_SETTING_KEY } });
  const stored = (row && typeof row.value === 'object' && row.value !== null ? row.value : {}) as StoredMode;
  const key = services?.kalshi?.keyFingerprint?.() ?? null;
  const confirmedEver = stored.live === true;
  const thisProcess = stored.bootId === bootId;
  const thisKey = key !== null && stored.keyFingerprint === key;
  const liveConfirmed = confirmedEver && thisProcess && thisKey;
  const dryRun = services?.dryRun ?? true;
  const kalshiAuthenticated = services?.kalshiAuthenticated ?? false;
  const live = liveConfirmed && !dryRun && kalshiAuthenticated;
  const reason = live
    ? 'live: DRY_RUN=false, Kalshi keys present and live mode confirmed since this start'
    : dryRun
      ? 'paper: DRY_RUN is not false'
      : !kalshiAuthenticated
        ? 'paper: no Kalshi API keys'
        : confirmedEver && !thisProcess
          ? 'paper: live mode was confirmed before this process started; confirm again'
          : confirmedEver && !thisKey
            ? 'paper: live mode was confirmed for another Kalshi API key; confirm again'
            : 'paper: live mode not confirmed';
  return { mode: live ? 'LIVE' : 'PAPER', liveConfirmed, dryRun, kalshiAuthenticated, reason };
}

/** Records the confirmation bound to this process start and the Kalshi key it was given for (by fingerprint). */
export async function setLiveConfirmed(prisma: PrismaClient, live: boolean, now: Date, keyFingerprint: string | null, bootId = PROCESS_BOOT_ID) {
  const value = live ? { live, changedAt: now.toISOString(), bootId, keyFingerprint } : { live, changedAt: now.toISOString() };
  await prisma.setting.upsert({ where: { key: MODE_SETTING_KEY }, create: { key: MODE_SETTING_KEY, value }, update: { value } });
}

/** Paper cash: the starting balance plus realised P&L, minus what open positions tied up. */
export async function paperBalance(prisma: PrismaClient, params: Pick<TraderParams, 'paperStartingMicros'>): Promise<bigint> {
  const rows = await prisma.position.findMany({ where: { mode: 'PAPER' }, select: { status: true, cost: true, entryFees: true, proceeds: true, exitFees: true, pnl: true } });
  let cash = params.paperStartingMicros;
  for (const r of rows) {
    if (r.status === 'OPEN') cash += decToMicros(r.proceeds) - decToMicros(r.exitFees) - decToMicros(r.cost) - decToMicros(r.entryFees);
    else cash += decToMicros(r.pnl);
  }
  return cash;
}

const ET_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "2026-11-21": the US Eastern calendar date. */
export function easternDate(d: Date): string {
  return ET_DATE.format(d);
}

/** The instant US Eastern midnight began for the day containing `d`. */
export function startOfEasternDay(d: Date): Date {
  const date = easternDate(d);
  // Eastern is UTC−4 or UTC−5: try both offsets and keep the one that lands on the same date at 00:00.
  for (const offset of [4, 5]) {
    const candidate = new Date(`${date}T${String(offset).padStart(2, '0')}:00:00Z`);
    if (easternDate(candidate) === date && easternDate(new Date(candidate.getTime() - 1)) !== date) return candidate;
  }
  return new Date(`${date}T05:00:00Z`);
}

/** Dollars committed to entries today (cost plus entry fees), in this mode. */
export async function spentToday(prisma: PrismaClient, mode: Mode, now: Date): Promise<bigint> {
  const since = startOfEasternDay(now);
  const rows = await prisma.position.findMany({ where: { mode, openedAt: { gte: since } }, select: { cost: true, entryFees: true } });
  const positions = rows.reduce((a, r) => a + decToMicros(r.cost) + decToMicros(r.entryFees), 0n);
  // Entries with no position yet also spend the budget: a crash (or a timeout) between sending an
  // order and opening its position leaves the order PENDING (outcome unknown: count its limit
  // cost) or EXECUTED without a position (count what filled), until trader-reconcile settles it.
  // Without this, a rerun the same day could buy past the daily budget. Found by the resilience suite.
  const orphans = await prisma.traderOrder.findMany({
    where: { mode, purpose: 'ENTRY', positionId: null, createdAt: { gte: since }, status: { in: ['PENDING', 'EXECUTED'] } },
    select: { status: true, limitPrice: true, count: true, filledCount: true, averageFillPrice: true, feesPaid: true },
  });
  const inFlight = orphans.reduce((a, o) => {
    if (o.status === 'PENDING') return a + (decToMicros(o.limitPrice) * decToCenti(o.count)) / 100n;
    return a + (decToMicros(o.averageFillPrice ?? o.limitPrice) * decToCenti(o.filledCount)) / 100n + decToMicros(o.feesPaid);
  }, 0n);
  return positions + inFlight;
}

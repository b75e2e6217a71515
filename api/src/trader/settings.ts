// Trader settings → exact parameters for one run, clamped to the hard limits.
import type { z } from '@hono/zod-openapi';
import type { PrismaClient } from '@sentinel/db';
import { getSettings } from '../settings/settings.queries.ts';
import type { Settings } from '../settings/settings.schema.ts';
import { HARD_LIMITS } from './constants.ts';
import { TRADER_DEFAULT_SETTINGS, TRADER_SETTING_FIELDS } from './settings-fields.ts';
import { numberToMicros } from './money.ts';

/** Exact parameters for one run, derived from the settings and clamped to the hard limits. */
export interface TraderParams {
  tradingEnabled: boolean;
  dailyBudgetMicros: bigint;
  minYesMicros: bigint;
  maxYesMicros: bigint;
  maxYesForNoMicros: bigint;
  maxDaysToClose: number;
  minDepthMicros: bigint;
  minPositionMicros: bigint;
  maxPositionMicros: bigint;
  maxContracts: number;
  stopLossMicros: bigint;
  /** The stop-limit's floor: never sell below it (at most the stop price). */
  stopLossFloorMicros: bigint;
  /** Smallest reward-to-risk after fees, parts per million (never below the hard floor). */
  minRewardToRiskPpm: bigint;
  allowAddingToPositions: boolean;
  maxLossStreak: number;
  maxStopLosses24h: number;
  maxSlippageMicros: bigint;
  excludeFlagged: boolean;
  aiTimeoutMs: number;
  maxCandidatesToAi: number;
  paperStartingMicros: bigint;
  alertEmails: string[];
}

type TraderSettings = { [K in keyof typeof TRADER_SETTING_FIELDS]: z.output<(typeof TRADER_SETTING_FIELDS)[K]> };

const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);

export function toTraderParams(s: TraderSettings & { alertEmails?: string[] }): TraderParams {
  const minPosition = clamp(numberToMicros(s.minPositionDollars), HARD_LIMITS.minPositionMicros, HARD_LIMITS.maxPositionMicros);
  const maxPosition = clamp(numberToMicros(s.maxPositionDollars), minPosition, HARD_LIMITS.maxPositionMicros);
  return {
    tradingEnabled: s.tradingEnabled,
    dailyBudgetMicros: clamp(numberToMicros(s.dailyBudget), 0n, HARD_LIMITS.maxDailyBudgetMicros),
    minYesMicros: numberToMicros(s.minYesPrice),
    maxYesMicros: clamp(numberToMicros(s.maxYesPrice), 0n, HARD_LIMITS.maxEntryPriceMicros),
    maxYesForNoMicros: numberToMicros(s.maxYesPriceForNo),
    maxDaysToClose: s.maxDaysToClose,
    minDepthMicros: numberToMicros(s.minDepthDollars),
    minPositionMicros: minPosition,
    maxPositionMicros: maxPosition,
    maxContracts: Math.min(Math.max(0, Math.trunc(s.maxContractsPerRun)), HARD_LIMITS.maxContractsPerRun),
    stopLossMicros: numberToMicros(s.stopLossPrice),
    stopLossFloorMicros: clamp(numberToMicros(s.stopLossFloorPrice), 10_000n, numberToMicros(s.stopLossPrice)),
    minRewardToRiskPpm: numberToMicros(s.minRewardToRisk) < HARD_LIMITS.minRewardToRiskPpm ? HARD_LIMITS.minRewardToRiskPpm : numberToMicros(s.minRewardToRisk),
    allowAddingToPositions: s.allowAddingToPositions,
    maxLossStreak: s.maxLossStreak,
    maxStopLosses24h: s.maxStopLosses24h,
    maxSlippageMicros: numberToMicros(s.maxSlippage),
    excludeFlagged: s.excludeFlaggedMarkets,
    aiTimeoutMs: s.aiTimeoutSeconds * 1000,
    maxCandidatesToAi: Math.min(s.maxCandidatesToAi, HARD_LIMITS.maxCandidatesToAi),
    paperStartingMicros: numberToMicros(s.paperStartingBalance),
    alertEmails: s.alertEmails ?? [],
  };
}

export const DEFAULT_TRADER_PARAMS: TraderParams = toTraderParams({ ...TRADER_DEFAULT_SETTINGS, alertEmails: [] });

export async function loadTraderParams(prisma: PrismaClient): Promise<TraderParams> {
  const settings = (await getSettings(prisma)) as Settings & Partial<TraderSettings>;
  return toTraderParams({ ...TRADER_DEFAULT_SETTINGS, ...settings } as TraderSettings & { alertEmails: string[] });
}

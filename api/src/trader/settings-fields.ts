// The trader's settings fields and defaults, spread into the shared settings schema. Bounds are
// the hard limits: a setting can tighten them, never loosen them.
import { z } from '@hono/zod-openapi';
import { HARD_LIMITS, SPEC_LIMITS, TRADER_DEFAULTS } from './constants.ts';

const price = () => z.number().min(0).max(1);
const maxPos = Number(HARD_LIMITS.maxPositionMicros / 1_000_000n);
const minPos = Number(HARD_LIMITS.minPositionMicros / 1_000_000n);

export const TRADER_SETTING_FIELDS = {
  // ── Trader ──
  tradingEnabled: z.boolean().openapi({ description: 'Let the daily scan place orders (paper or live)' }),
  dailyBudget: z.number().min(0).max(Number(HARD_LIMITS.maxDailyBudgetMicros / 1_000_000n)).openapi({ description: 'Dollars the trader may invest per day (US Eastern)' }),
  minYesPrice: z.number().min(0.5).max(1).openapi({ description: 'Buy YES when its price is at least this (spec 0.85; never below 0.50)' }),
  maxYesPrice: price().openapi({ description: '… and at most this (spec 0.98; never above 0.99)' }),
  maxYesPriceForNo: z.number().min(0).max(0.1).openapi({ description: 'Buy NO when the YES price is at most this (spec 0.02; never above 0.10)' }),
  maxDaysToClose: z.number().min(0).max(30).openapi({ description: 'Only markets closing within this many days (spec 2)' }),
  minDepthDollars: z.number().min(50).openapi({ description: 'Order-book depth (dollars) on our side at executable prices (spec $2,000; never below $50)' }),
  minPositionDollars: z.number().min(minPos).max(maxPos).openapi({ description: `Smallest position in dollars (hard limit $${minPos}–$${maxPos})` }),
  maxPositionDollars: z.number().min(minPos).max(maxPos).openapi({ description: `Largest position in dollars (hard limit $${minPos}–$${maxPos})` }),
  maxContractsPerRun: z.number().int().min(0).max(HARD_LIMITS.maxContractsPerRun).openapi({ description: 'Markets bought per run (hard limit 3)' }),
  stopLossPrice: z.number().min(0.3).max(1).openapi({ description: "Sell when the held side's bid falls below this (spec 0.80; never below 0.30)" }),
  stopLossFloorPrice: z
    .number()
    .min(0.05)
    .max(1)
    .openapi({ description: 'The stop is a stop-limit: it never sells below this price; a gap below it holds the position and records why (default 0.70)' }),
  minRewardToRisk: z
    .number()
    .min(Number(HARD_LIMITS.minRewardToRiskPpm) / 1_000_000)
    .max(1)
    .openapi({ description: 'Smallest net win ÷ amount at risk, after the fee, at the entry limit (default 0.01 refuses 99¢ entries; never below 0.005)' }),
  allowAddingToPositions: z.boolean().openapi({ description: 'Let a later scan buy a market already held (off: one position per ticker)' }),
  maxLossStreak: z.number().int().min(1).max(50).openapi({ description: 'Pause new entries after this many losses in a row' }),
  maxStopLosses24h: z.number().int().min(1).max(50).openapi({ description: 'Pause new entries after this many stop-losses in 24 hours' }),
  maxSlippage: z.number().min(0).max(0.1).openapi({ description: 'How far past the best ask (dollars) an entry limit may go' }),
  excludeFlaggedMarkets: z.boolean().openapi({ description: 'Skip candidates the monitor labels HIGH or CRITICAL (someone may know more)' }),
  aiTimeoutSeconds: z.number().int().min(1).max(600).openapi({ description: 'An AI call slower than this means no trade' }),
  maxCandidatesToAi: z.number().int().min(1).max(HARD_LIMITS.maxCandidatesToAi).openapi({ description: 'Best candidates (by depth) sent to the AI' }),
  paperStartingBalance: z.number().min(0).max(1_000_000).openapi({ description: 'Paper-trading bankroll at the start' }),
};

export const TRADER_DEFAULT_SETTINGS = { ...TRADER_DEFAULTS };


/**
 * The fields a change sets looser than the spec's limits (SPEC_LIMITS), each with why. Only the
 * fields sent count: a limit loosened and confirmed earlier is not asked about again.
 */
export function looserThanSpec(changed: Record<string, unknown>): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [key, limit] of Object.entries(SPEC_LIMITS) as [string, { min?: number; max?: number; equals?: unknown }][]) {
    if (!(key in changed) || changed[key] === undefined) continue;
    const v = changed[key];
    if (limit.equals !== undefined) {
      if (v !== limit.equals) out.push({ path: `json.${key}`, message: `the spec's limit is ${String(limit.equals)}` });
    } else if (typeof v === 'number') {
      if (limit.min !== undefined && v < limit.min) out.push({ path: `json.${key}`, message: `below the spec's limit ${limit.min}` });
      if (limit.max !== undefined && v > limit.max) out.push({ path: `json.${key}`, message: `above the spec's limit ${limit.max}` });
    }
  }
  return out;
}

// The trader's settings fields and defaults, spread into the shared settings schema. Bounds are
// the hard limits: a setting can tighten them, never loosen them.
import { z } from '@hono/zod-openapi';
import { HARD_LIMITS, TRADER_DEFAULTS } from './constants.ts';

const price = () => z.number().min(0).max(1);
const maxPos = Number(HARD_LIMITS.maxPositionMicros / 1_000_000n);
const minPos = Number(HARD_LIMITS.minPositionMicros / 1_000_000n);

export const TRADER_SETTING_FIELDS = {
  // ── Trader ──
  tradingEnabled: z.boolean().openapi({ description: 'Let the daily scan place orders (paper or live)' }),
  dailyBudget: z.number().min(0).max(Number(HARD_LIMITS.maxDailyBudgetMicros / 1_000_000n)).openapi({ description: 'Dollars the trader may invest per day (US Eastern)' }),
  minYesPrice: price().openapi({ description: 'Buy YES when its price is at least this' }),
  maxYesPrice: price().openapi({ description: '… and at most this' }),
  maxYesPriceForNo: price().openapi({ description: 'Buy NO when the YES price is at most this' }),
  maxDaysToClose: z.number().min(0).max(30).openapi({ description: 'Only markets closing within this many days' }),
  minDepthDollars: z.number().min(0).openapi({ description: 'Order-book depth (dollars) on our side at executable prices' }),
  minPositionDollars: z.number().min(minPos).max(maxPos).openapi({ description: `Smallest position in dollars (hard limit $${minPos}–$${maxPos})` }),
  maxPositionDollars: z.number().min(minPos).max(maxPos).openapi({ description: `Largest position in dollars (hard limit $${minPos}–$${maxPos})` }),
  maxContractsPerRun: z.number().int().min(0).max(HARD_LIMITS.maxContractsPerRun).openapi({ description: 'Markets bought per run (hard limit 3)' }),
  stopLossPrice: price().openapi({ description: "Sell when the held side's price falls below this" }),
  maxLossStreak: z.number().int().min(1).max(50).openapi({ description: 'Pause new entries after this many losses in a row' }),
  maxStopLosses24h: z.number().int().min(1).max(50).openapi({ description: 'Pause new entries after this many stop-losses in 24 hours' }),
  maxSlippage: z.number().min(0).max(0.1).openapi({ description: 'How far past the best ask (dollars) an entry limit may go' }),
  excludeFlaggedMarkets: z.boolean().openapi({ description: 'Skip candidates the monitor labels HIGH or CRITICAL (someone may know more)' }),
  aiTimeoutSeconds: z.number().int().min(1).max(600).openapi({ description: 'An AI call slower than this means no trade' }),
  maxCandidatesToAi: z.number().int().min(1).max(HARD_LIMITS.maxCandidatesToAi).openapi({ description: 'Best candidates (by depth) sent to the AI' }),
  paperStartingBalance: z.number().min(0).max(1_000_000).openapi({ description: 'Paper-trading bankroll at the start' }),
};

export const TRADER_DEFAULT_SETTINGS = { ...TRADER_DEFAULTS };


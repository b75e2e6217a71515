// The trader's hard limits, defaults and schedules in one place. Hard limits bound whatever the
// settings or the AI say; the settings schema and the "How it works" page render from here.

/** Bounds no setting and no AI answer can cross. Dollars as exact micro-dollar bigints. */
export const HARD_LIMITS = {
  /** Contracts (markets) bought per run. */
  maxContractsPerRun: 3,
  minPositionMicros: 20_000_000n,
  maxPositionMicros: 50_000_000n,
  /** The largest daily budget a setting may configure. */
  maxDailyBudgetMicros: 1_000_000_000n,
  /** Never pay more than this for the held side: a 0.99 contract can only win a cent. */
  maxEntryPriceMicros: 990_000n,
  /** Candidates sent to the AI per run (prompt size and cost). */
  maxCandidatesToAi: 40,
  /** Reward-to-risk after fees below this is refused whatever the settings say. */
  minRewardToRiskPpm: 5_000n,
} as const;

/** The spec's parameters; every one is a setting (see settings.ts) with this default. */
export const TRADER_DEFAULTS = {
  tradingEnabled: true,
  dailyBudget: 100,
  minYesPrice: 0.85,
  maxYesPrice: 0.98,
  maxYesPriceForNo: 0.02,
  maxDaysToClose: 2,
  minDepthDollars: 2000,
  minPositionDollars: 20,
  maxPositionDollars: 50,
  maxContractsPerRun: 3,
  stopLossPrice: 0.8,
  maxLossStreak: 5,
  maxStopLosses24h: 3,
  maxSlippage: 0.02,
  /** The stop is a stop-limit: it never sells the held side below this price. */
  stopLossFloorPrice: 0.7,
  /** Net win ÷ amount at risk, after the fee, at the entry limit: 0.01 refuses 99¢ entries. */
  minRewardToRisk: 0.01,
  /** One position per ticker: a later scan never buys a market already held. */
  allowAddingToPositions: false,
  excludeFlaggedMarkets: true,
  aiTimeoutSeconds: 60,
  maxCandidatesToAi: 20,
  paperStartingBalance: 1000,
} as const;

/**
 * The spec's limits: the loosest each setting may be without the second confirmation
 * (`confirmLooserThanSpec`). `min`: the setting may not go below it; `max`: not above it.
 */
export const SPEC_LIMITS = {
  dailyBudget: { max: 100 },
  minYesPrice: { min: 0.85 },
  maxYesPrice: { max: 0.98 },
  maxYesPriceForNo: { max: 0.02 },
  maxDaysToClose: { max: 2 },
  minDepthDollars: { min: 2000 },
  stopLossPrice: { min: 0.8 },
  stopLossFloorPrice: { min: 0.7 },
  maxLossStreak: { max: 5 },
  maxStopLosses24h: { max: 3 },
  maxSlippage: { max: 0.02 },
  minRewardToRisk: { min: 0.01 },
  allowAddingToPositions: { equals: false },
} as const;

/** The second confirmation a settings change needs when it sets a limit looser than the spec's. */
export const LOOSER_THAN_SPEC_CONFIRMATION = 'I accept limits looser than the spec';

/** Monitor labels that mean "someone may know more": flagged to the AI, excluded by default. */
export const FLAGGED_LABELS = ['HIGH', 'CRITICAL'] as const;

/** Job names and schedules (croner). Wall-clock jobs run in US Eastern time. */
export const TRADER_SCHEDULES = {
  dailyScan: { name: 'daily-scan', schedule: '0 8 * * *', description: 'Scan qualifying markets, ask the AI (or the rules), and place up to 3 orders within the hard limits' },
  stopLoss: { name: 'stop-loss', schedule: '0 */2 * * *', description: 'Sell open positions whose held side fell below the stop-loss price' },
  resolutions: { name: 'check-resolutions', schedule: '30 */6 * * *', description: 'Settle won or lost positions from Kalshi results, P&L net of fees' },
  reconcile: { name: 'trader-reconcile', schedule: '*/15 * * * *', description: 'Reconcile live orders, fills and positions with the exchange (the source of truth)' },
  performance: { name: 'performance-snapshot', schedule: '55 23 * * *', description: 'Store the daily performance snapshot (trades, wins, losses, win rate, P&L, return)' },
  morningReport: { name: 'morning-report', schedule: '0 7 * * *', description: 'Email the morning trading report (7 am ET) to the alert recipients' },
  monthly: { name: 'monthly-analysis', schedule: '0 1 1 * *', description: 'Analyse the previous month by category and series, with written insights' },
} as const;

export const TIMEZONE = 'America/New_York';

/** Confirmation phrase required to switch to live trading. */
export const LIVE_CONFIRMATION = 'I understand real money is at risk';

/** Claude prices per million tokens, in micro-dollars per token (exact: $3/M = 3 µ$/token). */
export const MODEL_PRICES: Record<string, { input: bigint; output: bigint }> = {
  opus: { input: 5n, output: 25n },
  sonnet: { input: 3n, output: 15n },
  haiku: { input: 1n, output: 5n },
};

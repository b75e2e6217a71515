// What a backtest reports, in one schema: the CLI's `--json` file, the row the product stores and
// the API's response are all this shape, so the verdict a user sees is the one the run printed.
import { z } from '@hono/zod-openapi';

export const BacktestStrategySchema = z
  .object({
    name: z.string().openapi({ description: 'e.g. "rules selector", "rules, held to settlement", "buy every candidate"' }),
    trades: z.number().int().openapi({ description: 'Settled entries' }),
    events: z.number().int().openapi({ description: 'Distinct events those entries belong to (the bootstrap resamples these)' }),
    winRate: z.number().nullable().openapi({ description: 'Share of entries whose side won (0–1); null with no trades' }),
    staked: z.number().openapi({ description: 'Dollars put in: cost plus entry fees' }),
    pnl: z.number().openapi({ description: 'Dollars, after every fee' }),
    roi: z.number().nullable().openapi({ description: 'P&L per dollar staked (0.01 = 1%)' }),
    maxDrawdown: z.number().openapi({ description: 'Largest fall of cumulative P&L from its peak, in dollars, in settlement order' }),
    fees: z.number().openapi({ description: 'Dollars of Kalshi fees, entries and stop-loss sales' }),
    stopped: z.number().int().openapi({ description: 'Entries a stop-loss sold (all or part)' }),
    ci95: z
      .tuple([z.number(), z.number()])
      .nullable()
      .openapi({ description: '95% interval of the return per dollar staked, bootstrapped by event (resampling whole events); null with fewer than 2 events' }),
  })
  .openapi('BacktestStrategy');

export const BacktestCalibrationBandSchema = z
  .object({
    band: z.string().openapi({ description: 'Band of the favoured side\'s price (its bid–ask midpoint), e.g. "90–95¢"' }),
    trades: z.number().int().openapi({ description: 'Observations in the band: each market in the scan window at each scan' }),
    avgPrice: z.number().openapi({ description: 'Average midpoint price of the favoured side (0–1): what the market said' }),
    avgAsk: z.number().openapi({ description: 'Average ask of the favoured side (0–1): what a buyer paid' }),
    winRate: z.number().openapi({ description: 'Share that won (0–1)' }),
  })
  .openapi('BacktestCalibrationBand');

export const BacktestReportSchema = z
  .object({
    createdAt: z.string().openapi({ description: 'When the backtest ran (ISO 8601)' }),
    source: z
      .object({
        kind: z.enum(['history', 'exchange']).openapi({ description: '"history": markets collected from Kalshi by `npm run history`; "exchange": the local synthetic exchange' }),
        description: z.string(),
        settledMarkets: z.number().int(),
        from: z.string().nullable().openapi({ description: 'First scan (ISO 8601)' }),
        to: z.string().nullable().openapi({ description: 'Last settlement (ISO 8601)' }),
      })
      .openapi('BacktestSource'),
    settings: z.record(z.string(), z.string()).openapi({ description: 'Every setting the run used, as printed' }),
    strategies: z.array(BacktestStrategySchema),
    verdict: z.string().openapi({ description: 'The verdict in plain words, e.g. "Edge not demonstrated: …"' }),
    edge: z
      .enum(['demonstrated', 'not demonstrated', 'negative'])
      .openapi({ description: "The verdict on the main strategy: its interval above zero, including zero, or below zero" }),
    calibration: z.array(BacktestCalibrationBandSchema).openapi({ description: 'Realised win rate by price band over every market in the scan window at every scan' }),
  })
  .openapi('BacktestReport');

export type BacktestStrategy = z.infer<typeof BacktestStrategySchema>;
export type BacktestCalibrationBand = z.infer<typeof BacktestCalibrationBandSchema>;
export type BacktestReport = z.infer<typeof BacktestReportSchema>;

// The JSON an alert keeps (alerts.signals, .baseline, .trigger_trades), one zod schema each:
// generate-alerts.ts parses through them before storing, and the API declares them as the
// response, so the OpenAPI document and the SPA know every field.
import { z } from '@hono/zod-openapi';
import { SIGNAL_NAMES } from '../scoring/index.ts';

export const SignalFactsSchema = z
  .record(z.string(), z.union([z.number(), z.string(), z.null()]))
  .openapi('SignalFacts', { description: 'The numbers behind a signal\'s score (prices in dollars, sizes in contracts), by name; null where a number was not finite' });

export const AlertSignalSchema = z
  .object({
    score: z.number().openapi({ description: '0–100' }),
    weight: z.number().openapi({ description: 'Percent of the composite' }),
    facts: SignalFactsSchema,
  })
  .openapi('AlertSignal');

export const AlertSignalsSchema = z
  .object(Object.fromEntries(SIGNAL_NAMES.map((name) => [name, AlertSignalSchema.optional()])) as Record<(typeof SIGNAL_NAMES)[number], z.ZodOptional<typeof AlertSignalSchema>>)
  .openapi('AlertSignals', { description: 'Each signal at the time of the alert' });

const nullableNumber = z.number().nullable().optional();
export const AlertBaselineSchema = z
  .object({
    historyHours: nullableNumber,
    tradeCount: nullableNumber,
    tradeSizeMedian: nullableNumber,
    tradeSizeP99: nullableNumber,
    tradesPerHourMedian: nullableNumber,
    priceMoveMedian: nullableNumber,
    spreadMedian: nullableNumber,
    depthMedian: nullableNumber,
  })
  .openapi('AlertBaseline', { description: 'The market\'s baseline when it alerted; empty while it had none' });

export const TriggerTradeSchema = z
  .object({
    tradeId: z.string(),
    at: z.string().datetime(),
    yesPrice: z.number().openapi({ description: 'Dollars' }),
    count: z.number().openapi({ description: 'Contracts' }),
    takerSide: z.enum(['yes', 'no']),
  })
  .openapi('TriggerTrade');

export const AlertPayloadSchema = z.object({
  signals: AlertSignalsSchema,
  baseline: AlertBaselineSchema,
  triggerTrades: z.array(TriggerTradeSchema),
});
export type AlertPayload = z.output<typeof AlertPayloadSchema>;

/** What is stored: JSON's own view of the numbers (a non-finite one is null), checked against the schema. */
export function storedAlertPayload(payload: { signals: unknown; baseline: unknown; triggerTrades: unknown }): AlertPayload {
  const json = JSON.parse(JSON.stringify({ ...payload, baseline: payload.baseline ?? {} })) as unknown;
  return AlertPayloadSchema.parse(json);
}

// GET /api/monitor/model's shape. The parts the How it works page explains in prose are typed
// field by field; the parameter groups the page lists generically (windows, priors, ramps …)
// are maps of named values, typed as values. A test parses MONITOR_MODEL through it, so the
// document cannot drift from the constants.
import { z } from '@hono/zod-openapi';
import { LABELS, SIGNAL_NAMES } from '../scoring/index.ts';

const SignalName = z.enum(SIGNAL_NAMES);
const ParameterValue = z.union([z.number(), z.boolean(), z.string(), z.array(z.number()), z.array(z.string()), z.record(z.string(), z.number())]);
const Parameters = z.record(z.string(), ParameterValue).openapi('ModelParameters', { description: 'Named model parameters: numbers (times in ms, prices in dollars), flags, lists, or small maps of numbers' });

export const MonitorModelSchema = z
  .object({
    scoring: z.object({
      weights: z.record(SignalName, z.number()).openapi({ description: 'Percent of the composite; they sum to 100' }),
      signals: z.record(SignalName, z.object({ title: z.string(), detects: z.string(), method: z.string() })),
      labels: z.array(z.object({ label: z.enum(LABELS), from: z.number(), to: z.number(), note: z.string() })),
      gate: z.object({ primarySignals: z.array(SignalName), primaryMin: z.number(), secondaryMin: z.number(), cap: z.number(), explanation: z.string() }),
      windows: Parameters,
      minHistory: Parameters,
      priors: Parameters,
      sizeTail: Parameters,
      robust: Parameters,
      scoreRamps: z.record(z.string(), z.object({ zLow: z.number(), zHigh: z.number() })),
      signalParams: Parameters,
      timeZone: z.string(),
      zScoreMapping: z.string(),
    }),
    alerts: z.object({
      defaultThreshold: z.number(),
      cooldownMinutes: z.number(),
      escalationDelta: z.number(),
      dailyAlertBudget: z.number(),
      whaleMinDollars: z.number(),
      whaleP99Multiple: z.number(),
      whaleFlowMinSurprise: z.number(),
      whaleImpactScore: z.number(),
      whaleImpactDollarShare: z.number(),
      signalRuleSurprise: z.number(),
      /** What the signal rule also asks, in plain terms, of each signal (SIGNAL_RULE in alert-rules.ts). */
      signalRule: z.record(z.string(), z.number()),
      silenceDismissed: z.boolean(),
    }),
    eligibility: z.object({ minVolume: z.number(), minOpenInterest: z.number(), excludedCategories: z.array(z.string()) }),
    ingestion: z.record(z.string(), z.number()),
    retention: z.record(z.string(), z.number()),
  })
  .openapi('MonitorModel');

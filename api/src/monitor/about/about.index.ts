// The scoring model and the monitor's state, as data: the How it works page renders from
// the same constants the model runs on, so the documentation cannot drift from the code.
import { z } from '@hono/zod-openapi';
import type { RouteHandler } from '@hono/zod-openapi';
import { RETENTION } from '../../retention/retention.job.ts';
import { DEFAULT_SETTINGS } from '../../settings/settings.schema.ts';
import { cachedJson } from '../../lib/cached-json.ts';
import { createRouter, publicRoute } from '../../lib/router.ts';
import type { AppEnv } from '../../lib/types.ts';
import { ALERT_RULES, SIGNAL_RULE } from '../alerts/alert-rules.ts';
import { DEPTH_BAND_MICROS } from '../ingest/orderbooks.ts';
import { TRADE_OVERLAP_SECONDS } from '../ingest/trade-ingest.ts';
import { BACKFILL_REQUESTS_PER_CYCLE } from '../ingest/volume-reconcile.ts';
import { monitorSummary } from '../markets/markets.queries.ts';
import { BASELINES_PER_CYCLE } from '../pipeline/score-cycle.ts';
import { SCORING_DOCS } from '../scoring/index.ts';
import { LabelSchema } from '../markets/markets.schemas.ts';
import { MonitorModelSchema } from './model.schema.ts';

export const MONITOR_MODEL = {
  scoring: SCORING_DOCS,
  alerts: {
    defaultThreshold: DEFAULT_SETTINGS.alertThreshold,
    cooldownMinutes: DEFAULT_SETTINGS.alertCooldownMinutes,
    escalationDelta: ALERT_RULES.escalationDelta,
    dailyAlertBudget: DEFAULT_SETTINGS.dailyAlertBudget,
    whaleMinDollars: DEFAULT_SETTINGS.whaleMinDollars,
    whaleP99Multiple: DEFAULT_SETTINGS.whaleP99Multiple,
    whaleFlowMinSurprise: ALERT_RULES.whaleFlowMinSurprise,
    whaleImpactScore: ALERT_RULES.whaleImpactScore,
    whaleImpactDollarShare: ALERT_RULES.whaleImpactDollarShare,
    signalRuleSurprise: DEFAULT_SETTINGS.signalRuleSurprise,
    signalRule: SIGNAL_RULE,
    silenceDismissed: DEFAULT_SETTINGS.silenceDismissed,
  },
  eligibility: {
    minVolume: DEFAULT_SETTINGS.minVolume,
    minOpenInterest: DEFAULT_SETTINGS.minOpenInterest,
    excludedCategories: DEFAULT_SETTINGS.excludedCategories,
  },
  ingestion: {
    cycleMinutes: 5,
    tradeOverlapSeconds: TRADE_OVERLAP_SECONDS,
    depthBandCents: Number(DEPTH_BAND_MICROS) / 10_000,
    newBaselinesPerCycle: BASELINES_PER_CYCLE,
    backfillRequestsPerCycle: BACKFILL_REQUESTS_PER_CYCLE,
  },
  retention: RETENTION,
};

const getModelRoute = publicRoute({
  method: 'get',
  path: '/api/monitor/model',
  operationId: 'getMonitorModel',
  tags: ['Monitor'],
  summary: 'The scoring model\'s weights, bounds, gate, windows and rules, with explanations',
  responses: {
    200: { description: 'The model', content: { 'application/json': { schema: MonitorModelSchema } } },
  },
});

const SummarySchema = z
  .object({
    tracked: z.number().int(),
    eligible: z.number().int(),
    labels: z.record(LabelSchema, z.number().int()),
    alerts24h: z.number().int(),
    lastCycle: z.union([
      z.object({ status: z.string(), startedAt: z.string().datetime(), finishedAt: z.string().datetime().nullable(), counts: z.record(z.string(), z.number()) }),
      z.null(),
    ]),
  })
  .openapi('MonitorSummary');

const getSummaryRoute = publicRoute({
  method: 'get',
  path: '/api/monitor/summary',
  operationId: 'getMonitorSummary',
  tags: ['Monitor'],
  summary: 'Markets tracked and eligible, markets per label, alerts in the past day, the last cycle',
  responses: { 200: { description: 'Summary', content: { 'application/json': { schema: SummarySchema } } } },
});

// Checked against its schema once, on first use (test/openapi.test.ts checks it on every run).
let checkedModel: z.output<typeof MonitorModelSchema> | undefined;
const getModelHandler: RouteHandler<typeof getModelRoute, AppEnv> = async (c) => c.json((checkedModel ??= MonitorModelSchema.parse(MONITOR_MODEL)), 200);

const getSummaryHandler: RouteHandler<typeof getSummaryRoute, AppEnv> = async (c) => {
  const deps = c.get('deps'); // outside the loader: the cache keeps it, not the request
  return cachedJson(c, 'monitor-summary', async () => {
    const summary = await monitorSummary(deps.db.prisma, deps.now?.() ?? new Date());
    const last = summary.lastCycle;
    return {
      ...summary,
      lastCycle: last
        ? { status: last.status, startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null, counts: last.counts as Record<string, number> }
        : null,
    };
  });
};

export const aboutRouter = createRouter().openapi(getModelRoute, getModelHandler).openapi(getSummaryRoute, getSummaryHandler);

// GET /metrics: Prometheus text for the usual monitoring stack. Outside /api, where scrapers
// expect it; readable with the admin token (or a session) or with METRICS_TOKEN, which opens
// this route and no other.
import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { rateLimited, requireAuth, throttleFor } from '../auth/middleware.ts';
import { safeEqual } from '../auth/session.ts';
import { clientAddress } from '../lib/client-address.ts';
import { authErrorResponses, errorResponses } from '../lib/problem.ts';
import { createRouter } from '../lib/router.ts';
import type { AppEnv } from '../lib/types.ts';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.ts';

const requireMetricsAuth = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get('deps');
  const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
  if (deps.metricsToken && token && safeEqual(token, deps.metricsToken)) {
    // Throttled like any credential: a guessed token is judged only while the address may still try.
    const throttle = throttleFor(deps);
    const source = clientAddress(c);
    const verdict = throttle.check(source);
    if (!verdict.allowed) throw rateLimited(c, verdict.retryAfterSeconds);
    throttle.succeed(source);
    await next();
    return;
  }
  await requireAuth(c, next);
});

export const getMetrics = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tags: ['System'],
  summary: 'Prometheus metrics',
  description:
    'Prometheus text exposition (0.0.4): monitor cycle and job durations, job runs and failures by job, trades ingested, trade gaps found and filled, alerts raised, outbox backlog, Kalshi requests by outcome, rate-limit waits, HTTP latency by route. Bearer ADMIN_TOKEN, a session, or Bearer METRICS_TOKEN (which opens this route only).',
  security: [{ bearerAuth: [] }, { sessionCookie: [] }, { metricsToken: [] }],
  middleware: [requireMetricsAuth] as const,
  responses: {
    200: { description: 'The metrics', content: { 'text/plain': { schema: z.string().openapi({ description: 'Prometheus text format' }) } } },
    ...errorResponses,
    ...authErrorResponses,
  },
});

export const metricsRouter = createRouter().openapi(getMetrics, async (c) => {
  const deps = c.get('deps');
  const text = await c.get('metrics').render({ prisma: deps.db.prisma ?? undefined, services: deps.services });
  return c.text(text, 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
});

// The app factory: builds the whole HTTP surface from injected dependencies and does nothing
// else. No import has side effects; src/index.ts is the only file that connects and listens.
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { authRouter } from './auth/auth.index.ts';
import { docsRouter } from './docs/docs.index.ts';
import { healthRouter } from './health/health.index.ts';
import { jobsRouter } from './jobs/jobs.index.ts';
import { createMetrics } from './metrics/metrics.ts';
import { metricsRouter } from './metrics/metrics.index.ts';
import { exportsRouter } from './exports/exports.index.ts';
import { outboxRouter } from './notifications/outbox.index.ts';
import { aboutRouter } from './monitor/about/about.index.ts';
import { alertsRouter } from './monitor/alerts/alerts.index.ts';
import { streamRouter } from './monitor/live/stream.index.ts';
import { marketsRouter } from './monitor/markets/markets.index.ts';
import { settingsRouter } from './settings/settings.index.ts';
import { logsRouter } from './trader/logs/logs.index.ts';
import { tradingRouter } from './trader/trading.index.ts';
import { classifyError } from './lib/errors.ts';
import { compressResponses } from './lib/compress.ts';
import { problem } from './lib/problem.ts';
import { contentSecurityPolicy } from './lib/csp.ts';
import { rejectCrossSiteRequests } from './auth/csrf.ts';
import { coalesced, createReadCache } from './lib/read-cache.ts';
import { SECURITY_SCHEMES, createRouter } from './lib/router.ts';
import type { AppDeps, AppEnv } from './lib/types.ts';
import { serveSpa } from './web/static.ts';

export type { AppDeps, AppEnv } from './lib/types.ts';

/** Every tag an operation uses, in the order Swagger UI lists them (a test checks none is missing). */
export const OPENAPI_TAGS = [
  { name: 'Markets', description: 'Tracked Kalshi markets with their unusual-activity scores; watch and dismiss' },
  { name: 'Alerts', description: 'Alerts the monitor raised, with the signals, baseline and trades behind each' },
  { name: 'Monitor', description: 'The scoring model as data and the monitor\'s state' },
  { name: 'Trading', description: 'The trader: summary, positions, trades, AI decisions, scanner funnel, reports, backtest verdict, mode' },
  { name: 'Exports', description: 'CSV and JSON downloads of alerts, positions, orders, fills and AI decisions' },
  { name: 'Settings', description: 'Alert, eligibility and trader settings' },
  { name: 'Notifications', description: 'The email and webhook outbox' },
  { name: 'Jobs', description: 'Scheduled jobs and their runs' },
  { name: 'Logs', description: 'Stored errors' },
  { name: 'Diagnostics', description: 'Kalshi connectivity, dry AI analysis, migrations' },
  { name: 'Auth', description: 'Sign-in with the admin token and sessions' },
  { name: 'System', description: 'Health, metrics and the contract itself' },
];

/** The committed document names the default local instance; a running app names itself (PUBLIC_URL, else the request's origin). */
export const DEFAULT_SERVER = { url: 'http://localhost:3000', description: 'The default local instance (npm start)' };

export const OPENAPI_INFO = {
  title: 'Kalshi Sentinel API',
  description:
    'Unusual-activity monitor and AI-assisted trader for Kalshi. Routes that change state or show private data need `Authorization: Bearer <ADMIN_TOKEN>` or the web app\'s session cookie; errors are RFC 9457 problem documents.',
};

export function createApp(deps: AppDeps) {
  const app = createRouter();
  const readCache = createReadCache({ ttlMs: deps.readCacheMs ?? 0 });
  // What this process's jobs score or alert is read again at once, once a second at most during a
  // burst (the previous answer is served meanwhile); other instances' changes within the TTL.
  const expireAfterChange = coalesced(() => readCache.expire(), 1_000);
  for (const event of ['score', 'alert'] as const) deps.events?.on(event, expireAfterChange);
  const metrics = deps.metrics ?? createMetrics();
  if (!deps.metrics && deps.events) metrics.watch(deps.events);

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const logger = deps.logger.child({ requestId: c.get('requestId') });
    c.set('deps', deps);
    c.set('logger', logger);
    c.set('readCache', readCache);
    c.set('metrics', metrics);
    const started = performance.now();
    await next();
    const elapsed = performance.now() - started;
    const ms = Math.round(elapsed * 10) / 10;
    logger.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
    metrics.observeHttp(c.req.method, routeLabel(c), c.res.status, elapsed / 1000);
  });
  app.use(
    '*',
    secureHeaders({
      // Set below: HTML pages carry their own inline-script hashes.
      contentSecurityPolicy: undefined,
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('Content-Security-Policy', contentSecurityPolicy());
  });
  if (deps.corsOrigins.length > 0) {
    const allowOrigins = cors({ origin: deps.corsOrigins, credentials: true, maxAge: 600 });
    app.use('/api/*', allowOrigins);
    app.use('/metrics', allowOrigins);
  }
  // Cross-site request forgery: unsafe requests riding on the session cookie must come from
  // the app's own pages (or a configured CORS origin) and carry JSON. Bearer callers are not
  // browsers acting on someone's behalf and pass untouched.
  app.use('/api/*', rejectCrossSiteRequests(deps));
  // Event streams pass through untouched (they must reach the browser event by event).
  app.use('*', compressResponses());
  const limitBody = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: (c) => problem(c, 'payload-too-large', 413, `Request bodies are limited to ${deps.bodyLimitBytes} bytes.`),
  });
  // A GET or HEAD never carries a body to the handler (the Node adapter drops it); asking for
  // one would build a full web Request for every read, about 2 % of the API's CPU under load.
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  // Typed as plain routers: the union of every route's types is more than TypeScript can hold.
  const routers: Hono<AppEnv>[] = [
    healthRouter,
    authRouter,
    jobsRouter,
    settingsRouter,
    marketsRouter,
    alertsRouter,
    aboutRouter,
    streamRouter,
    outboxRouter,
    tradingRouter,
    logsRouter,
    docsRouter,
    metricsRouter,
    exportsRouter,
  ];
  for (const router of routers) app.route('/', router);

  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  }
  app.doc31('/api/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: { ...OPENAPI_INFO, version: deps.version },
    servers: [{ url: deps.publicUrl ? deps.publicUrl.replace(/\/+$/, '') : new URL(c.req.url).origin, description: 'This instance' }],
    tags: OPENAPI_TAGS,
  }));

  app.notFound(async (c) => {
    if (!c.req.path.startsWith('/api/') && c.req.path !== '/api' && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const spa = await serveSpa(c, deps.webDir);
      if (spa) return spa;
    }
    return problem(c, 'not-found', 404, `No route for ${c.req.method} ${c.req.path}`);
  });

  app.onError((error, c) => {
    const known = classifyError(error);
    const logger = c.get('logger') ?? deps.logger;
    if (known) {
      if (known.status >= 500) logger.warn({ err: error }, 'request failed: dependency unavailable');
      return problem(c, known.code, known.status, known.detail, known.errors);
    }
    logger.error({ err: error }, 'unhandled error');
    return problem(c, 'internal', 500, 'An unexpected error occurred. Quote the request id when reporting it.');
  });

  return app;
}

/** The route pattern that answered (`/api/markets/:ticker`), so labels stay few; `static` for the SPA's files. */
function routeLabel(c: Parameters<typeof matchedRoutes>[0]): string {
  const handler = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  if (handler) return handler.path;
  return c.req.path.startsWith('/api') ? 'unmatched' : 'static';
}

export type App = ReturnType<typeof createApp>;

/** The OpenAPI 3.1 document as the running app serves it, naming the default local instance as its server. */
export function openApiDocument(app: App, version: string) {
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: { ...OPENAPI_INFO, version }, servers: [DEFAULT_SERVER], tags: OPENAPI_TAGS });
}

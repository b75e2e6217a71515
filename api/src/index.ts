// The one file with side effects: read the environment, connect, serve, start jobs, and
// shut down gracefully. Everything else is built by factories that take their dependencies.
import { serve } from '@hono/node-server';
import { connectDatabase, createSidePool, redactUrl } from '@sentinel/db';
import { createApp } from './app.ts';
import { resolveAdminToken } from './auth/admin-token.ts';
import { pruneSessions } from './auth/session.ts';
import { EnvError, loadEnv } from './env.ts';
import { createAdvisoryLock, createLocalLock } from './jobs/locks.ts';
import { createJobs, createMonitor } from './jobs/registry.ts';
import { type LiveFeed, startLiveFeed } from './monitor/live/live-feed.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { createMetrics } from './metrics/metrics.ts';
import { DataDirError, secureDataDir } from './lib/data-dir.ts';
import { EventBus } from './lib/event-bus.ts';
import { createLogger } from './lib/logger.ts';
import { configuredSecrets, createServices } from './services.ts';
import { startRateTierSync } from './kalshi/index.ts';
import { API_VERSION } from './openapi-document.ts';

let config: ReturnType<typeof loadEnv>;
try {
  config = loadEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// Filled once the admin token is known: every log line is redacted against these.
const logSecrets: string[] = [];
const logger = createLogger({ level: config.LOG_LEVEL, secrets: logSecrets });
const version = API_VERSION;

try {
  await secureDataDir(config.DATA_DIR);
} catch (error) {
  if (error instanceof DataDirError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const admin = await resolveAdminToken(config.ADMIN_TOKEN, config.DATA_DIR);
if (admin.source === 'generated') {
  logger.warn({ path: admin.path }, `Generated an admin token. Read it from ${admin.path} (only you can) to sign in.`);
}

let database: Awaited<ReturnType<typeof connectDatabase>>;
try {
  database = await connectDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    onRetry: (attempt, error, delayMs) =>
      logger.warn({ attempt, delayMs, err: { message: error.message } }, 'database not reachable yet; retrying'),
  });
} catch (error) {
  logger.fatal({ err: { message: (error as Error).message } }, 'could not start: database unavailable');
  process.exit(1);
}
logger.info({ database: database.kind, url: redactUrl(database.url) }, 'database ready');

logSecrets.push(...configuredSecrets(config, admin.token));
const services = createServices(config, logger, admin.token);
// KALSHI_RATE_TIER=auto: the buckets follow /account/limits (with keys) and /account/endpoint_costs, read now and hourly.
const rateTier = startRateTierSync(services.kalshi, { tier: config.KALSHI_RATE_TIER, logger: logger.child({ component: 'kalshi' }) });
const events = new EventBus();
const metrics = createMetrics();
metrics.watch(events);
const monitor = createMonitor({ db: database, services, events });
const jobs = createJobs({ db: database, services, events, monitor });
// Each running job holds a session for its advisory lock while its work queries the main pool.
// On one shared pool, as many jobs starting together as there are connections would each hold
// one and wait forever for another (found by the resilience suite with three instances): the
// locks get their own pool, one session per job.
const lockPool = database.kind === 'postgresql' ? createSidePool(database.url, jobs.length + 1) : null;
const scheduler = createScheduler({
  prisma: database.prisma,
  // The embedded database belongs to this one process; a real server may be shared.
  lock: lockPool ? createAdvisoryLock(lockPool) : createLocalLock(),
  logger,
  jobs,
  secrets: services.secrets,
  onRunFinished: metrics.observeJob,
});

// Runs a killed process left RUNNING are closed as abandoned, and sessions made with a previous
// admin token (before a rotation) are deleted: they could never verify again anyway.
await scheduler.closeAbandoned().catch((error) => logger.warn({ err: { message: (error as Error).message } }, 'could not close abandoned job runs'));
await pruneSessions(database.prisma, admin.token).catch(() => 0);

const app = createApp({
  db: database,
  logger,
  adminToken: admin.token,
  version,
  startedAt: new Date(),
  webDir: config.WEB_DIR,
  publicUrl: config.PUBLIC_URL,
  trustProxyHops: config.TRUST_PROXY_HOPS,
  corsOrigins: config.CORS_ORIGINS,
  cookieSecure: config.COOKIE_SECURE,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  scheduler,
  services,
  events,
  metrics,
  metricsToken: config.METRICS_TOKEN,
  // Dashboards may see the shared lists up to two seconds late (their own actions at once).
  readCacheMs: 2_000,
});

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info({ url: `http://${config.HOST}:${info.port}`, version }, 'Kalshi Sentinel is listening');
  if (config.JOBS_ENABLED) {
    scheduler.start();
    // Don't make a new install wait for the next five-minute tick to show anything.
    void scheduler.runNow('monitor-cycle');
    // The WebSocket handshake is always signed: real-time trades need Kalshi keys.
    if (services.kalshiAuthenticated) {
      liveFeed = startLiveFeed({
        kalshi: services.kalshi,
        pool: database.pool,
        logger: logger.child({ component: 'live-feed' }),
        now: () => new Date(),
        scoreLive: monitor.scoreLive,
        updateTopOfBook: monitor.updateTopOfBook,
      });
    }
  }
});
let liveFeed: LiveFeed | null = null;
server.on('error', (error) => {
  logger.fatal({ err: error }, 'could not listen');
  void database.close().finally(() => process.exit(1));
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: stopping jobs, finishing in-flight requests');
  const force = setTimeout(() => {
    logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  rateTier.stop();
  await Promise.all([scheduler.stop(), liveFeed?.stop(), new Promise<void>((resolve) => server.close(() => resolve()))]);
  await lockPool?.end();
  await database.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

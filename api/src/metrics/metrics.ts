// What GET /metrics exposes. Counters are bumped where things happen (the scheduler reports each
// run, the HTTP middleware each request, the event bus each alert); the Kalshi client's own
// counters are copied at scrape time; the outbox backlog is a database count, cached and
// refreshed in the background so a scrape never waits on a slow database.
import type { PrismaClient } from '@sentinel/db';
import type { RunOutcome } from '../jobs/scheduler.ts';
import type { EventBus } from '../lib/event-bus.ts';
import type { Services } from '../services.ts';
import { Counter, Gauge, Histogram, renderMetrics } from './prometheus.ts';

const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** How old the cached outbox backlog may be before a scrape starts a new count. */
const BACKLOG_REFRESH_MS = 15_000;
/** How long a scrape waits for a count when it has none yet; after that it answers without. */
const FIRST_COUNT_WAIT_MS = 250;

export interface MetricsSources {
  prisma?: PrismaClient;
  services?: Services;
}

export function createMetrics() {
  const jobDuration = new Histogram('sentinel_job_duration_seconds', 'Wall time of each job run', ['job', 'status'], DURATION_BUCKETS);
  const cycleDuration = new Histogram('sentinel_monitor_cycle_duration_seconds', 'Wall time of each monitor-cycle run (sync, trades, reconcile, books, scores, alerts)', [], DURATION_BUCKETS);
  const jobRuns = new Counter('sentinel_job_runs_total', 'Job runs by outcome (SUCCEEDED, FAILED, SKIPPED)', ['job', 'status']);
  const jobFailures = new Counter('sentinel_job_failures_total', 'Job runs that failed', ['job']);
  const tradesIngested = new Counter('sentinel_trades_ingested_total', 'Trades stored by the monitor cycle: from the exchange-wide tape, and backfilled by ticker to fill gaps', ['source']);
  const gapsFound = new Counter('sentinel_gaps_found_total', 'Markets whose stored volume fell short of Kalshi\'s (trade completeness)');
  const gapsFilled = new Counter('sentinel_gaps_filled_total', 'Gaps closed by backfilling trades by ticker');
  const alertsRaised = new Counter('sentinel_alerts_raised_total', 'Alerts written (cycle and live feed)', ['label']);
  const httpDuration = new Histogram('sentinel_http_request_duration_seconds', 'HTTP request latency by route pattern', ['method', 'route', 'status'], HTTP_BUCKETS);
  const kalshiRequests = new Counter('sentinel_kalshi_requests_total', 'Kalshi HTTP attempts (retries included) by outcome: rate_limited (429), server_error (5xx), network_error (timeouts, resets), other (any other status)', ['outcome']);
  const kalshiRetries = new Counter('sentinel_kalshi_retries_total', 'Kalshi attempts that were retried');
  const kalshiMalformed = new Counter('sentinel_kalshi_malformed_records_total', 'Kalshi records skipped because they failed validation');
  const rateLimitWaits = new Counter('sentinel_kalshi_rate_limit_waits_total', 'Kalshi requests that waited for rate-limit budget, by bucket', ['bucket']);
  const rateLimitWaited = new Counter('sentinel_kalshi_rate_limit_wait_seconds_total', 'Time Kalshi requests spent waiting for rate-limit budget, by bucket', ['bucket']);
  const outboxBacklog = new Gauge('sentinel_outbox_backlog', 'Outbox messages not yet sent, by status (PENDING: waiting or retrying; FAILED: gave up, retry from the app), as of the last count', ['status']);
  const outboxAge = new Gauge('sentinel_outbox_backlog_age_seconds', 'Age of the last outbox count');
  const residentMemory = new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes');
  const heapUsed = new Gauge('nodejs_heap_used_bytes', 'V8 heap in use in bytes');
  const startTime = new Gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds');
  startTime.set({}, Math.round(Date.now() / 1000 - process.uptime()));

  let backlog: { at: number; counts: Map<string, number> } | null = null;
  let counting: Promise<void> | null = null;

  function refreshBacklog(prisma: PrismaClient, now: number): Promise<void> {
    counting ??= prisma.outbox
      .groupBy({ by: ['status'], where: { status: { not: 'SENT' } }, _count: { _all: true } })
      .then((rows) => {
        backlog = { at: now, counts: new Map(rows.map((r) => [r.status, r._count._all])) };
      })
      .catch(() => {
        // Keep the previous count; its age shows how stale it is.
      })
      .finally(() => {
        counting = null;
      });
    return counting;
  }

  return {
    /** The scheduler's report of one run. */
    observeJob(job: string, outcome: RunOutcome, seconds: number): void {
      jobRuns.inc({ job, status: outcome.status });
      if (outcome.status === 'SKIPPED') return;
      jobDuration.observe({ job, status: outcome.status }, seconds);
      if (outcome.status === 'FAILED') jobFailures.inc({ job });
      if (job !== 'monitor-cycle') return;
      cycleDuration.observe({}, seconds);
      if (outcome.status !== 'SUCCEEDED') return;
      const counts = outcome.counts;
      tradesIngested.inc({ source: 'tape' }, counts.tradesStored ?? 0);
      tradesIngested.inc({ source: 'backfill' }, counts.tradesBackfilled ?? 0);
      gapsFound.inc({}, counts.gapsFound ?? 0);
      gapsFilled.inc({}, counts.gapsFilled ?? 0);
    },

    observeHttp(method: string, route: string, status: number, seconds: number): void {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },

    /** Counts every alert this process writes, from the cycle or the live feed. */
    watch(events: EventBus): void {
      events.on('alert', (alert) => alertsRaised.inc({ label: alert.label }));
    },

    /** The exposition text. Waits for a database count only when it has none, and briefly. */
    async render({ prisma, services }: MetricsSources): Promise<string> {
      const t = Date.now();
      if (prisma && (!backlog || t - backlog.at > BACKLOG_REFRESH_MS)) {
        const pending = refreshBacklog(prisma, t);
        if (!backlog) await Promise.race([pending, new Promise((r) => setTimeout(r, FIRST_COUNT_WAIT_MS).unref())]);
      }
      if (backlog) {
        for (const status of ['PENDING', 'FAILED']) outboxBacklog.set({ status }, backlog.counts.get(status) ?? 0);
        outboxAge.set({}, Math.max(0, (t - backlog.at) / 1000));
      }

      const kalshi = services?.kalshi;
      if (kalshi) {
        const s = kalshi.stats;
        kalshiRequests.set({ outcome: 'rate_limited' }, s.rateLimited);
        kalshiRequests.set({ outcome: 'server_error' }, s.serverErrors);
        kalshiRequests.set({ outcome: 'network_error' }, s.networkErrors);
        kalshiRequests.set({ outcome: 'other' }, Math.max(0, s.requests - s.rateLimited - s.serverErrors - s.networkErrors));
        kalshiRetries.set({}, s.retries);
        kalshiMalformed.set({}, s.malformedTotal);
        for (const bucket of ['read', 'write'] as const) {
          const b = kalshi.rateLimiter.bucket(bucket);
          rateLimitWaits.set({ bucket }, b.waits);
          rateLimitWaited.set({ bucket }, b.waitedMs / 1000);
        }
      }
      const memory = process.memoryUsage();
      residentMemory.set({}, memory.rss);
      heapUsed.set({}, memory.heapUsed);

      return renderMetrics([
        cycleDuration,
        jobDuration,
        jobRuns,
        jobFailures,
        tradesIngested,
        gapsFound,
        gapsFilled,
        alertsRaised,
        outboxBacklog,
        outboxAge,
        kalshiRequests,
        kalshiRetries,
        kalshiMalformed,
        rateLimitWaits,
        rateLimitWaited,
        httpDuration,
        residentMemory,
        heapUsed,
        startTime,
      ]);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

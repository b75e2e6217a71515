// GET /metrics as Prometheus scrapes it: after some activity (HTTP requests, job runs, an alert,
// Kalshi requests, outbox rows) the text parses line by line and carries each series; it needs
// the admin token or METRICS_TOKEN, and METRICS_TOKEN opens nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalLock } from '../src/jobs/locks.ts';
import { createScheduler } from '../src/jobs/scheduler.ts';
import { createKalshiClient } from '../src/kalshi/index.ts';
import { EventBus } from '../src/lib/event-bus.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createMetrics } from '../src/metrics/metrics.ts';
import type { Services } from '../src/services.ts';
import { type TestApp, createTestApp } from './support/app.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let t: TestApp;
const events = new EventBus();
const metrics = createMetrics();

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text format's grammar, strictly: HELP/TYPE comments, then `name{labels} value` lines. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  expect(text.endsWith('\n')).toBe(true);
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(comment[3]);
        types.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    if (m![3]) {
      const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let consumed = 0;
      while (consumed < m![3].length) {
        labelRe.lastIndex = consumed;
        const l = labelRe.exec(m![3]);
        expect(l, `bad labels in: ${line}`).not.toBeNull();
        labels[l![1]!] = l![2]!;
        consumed = labelRe.lastIndex;
      }
    }
    const base = m![1]!.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(m![1]!) || types.get(base) === 'histogram', `sample without TYPE: ${line}`).toBe(true);
    samples.push({ name: m![1]!, labels, value: Number(m![4]!.replace('+Inf', 'Infinity')) });
  }
  return { samples, types };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

beforeAll(async () => {
  const kalshi = createKalshiClient({ apiBase: 'http://127.0.0.1:9/trade-api/v2' });
  kalshi.stats.requests = 10;
  kalshi.stats.rateLimited = 2;
  kalshi.stats.serverErrors = 1;
  kalshi.stats.retries = 3;
  kalshi.rateLimiter.read.waits = 4;
  kalshi.rateLimiter.read.waitedMs = 1500;
  t = await createTestApp({ events, metrics, metricsToken: METRICS_TOKEN, services: { kalshi } as unknown as Services });
  metrics.watch(events);
  // Before the first scrape: the backlog count is cached for 15 s from then on.
  await t.db.prisma.outbox.createMany({
    data: [
      { channel: 'EMAIL', kind: 'alert', recipients: ['a@example.com'], subject: 's', html: '', text: '', dedupKey: 'm1' },
      { channel: 'EMAIL', kind: 'alert', recipients: ['a@example.com'], subject: 's', html: '', text: '', dedupKey: 'm2', status: 'FAILED' },
      { channel: 'EMAIL', kind: 'alert', recipients: ['a@example.com'], subject: 's', html: '', text: '', dedupKey: 'm3', status: 'SENT' },
    ],
  });
}, 120_000);
afterAll(async () => t?.close());

describe('GET /metrics', () => {
  it('needs the admin token or METRICS_TOKEN', async () => {
    const none = await t.app.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.app.request('/metrics', { headers: { Authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    expect((await t.app.request('/metrics', { headers: t.auth })).status).toBe(200);
    expect((await t.app.request('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });

  it('METRICS_TOKEN opens no other route', async () => {
    const headers = { Authorization: `Bearer ${METRICS_TOKEN}` };
    for (const path of ['/api/auth/me', '/api/settings', '/api/jobs', '/api/trading/summary', '/api/exports/alerts']) {
      expect((await t.app.request(path, { headers })).status, path).toBe(401);
    }
  });

  it('serves Prometheus text that parses, with every series after some activity', async () => {
    const p = t.db.prisma;
    // Activity: requests, job runs (one cycle with counts, one failure), an alert (outbox rows: above).
    await t.app.request('/api/health');
    await t.app.request('/api/markets/NOPE');
    const scheduler = createScheduler({
      prisma: p,
      lock: createLocalLock(),
      logger: createLogger({ level: 'silent' }),
      onRunFinished: metrics.observeJob,
      jobs: [
        { name: 'monitor-cycle', description: 'test', schedule: '0 0 1 1 *', timezone: 'UTC', run: async () => ({ tradesStored: 120, tradesBackfilled: 5, gapsFound: 3, gapsFilled: 2 }) },
        { name: 'daily-recap', description: 'test', schedule: '0 0 1 1 *', timezone: 'UTC', run: async () => { throw new Error('smtp down'); } },
      ],
    });
    expect((await scheduler.runNow('monitor-cycle')).status).toBe('SUCCEEDED');
    expect((await scheduler.runNow('daily-recap')).status).toBe('FAILED');
    events.emit('alert', { id: 'a', ticker: 'X', composite: 80, label: 'CRITICAL', createdAt: new Date().toISOString(), isEscalation: false, explanation: '' });

    const res = await t.app.request('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { samples, types } = parseExposition(await res.text());

    expect(types.get('sentinel_monitor_cycle_duration_seconds')).toBe('histogram');
    expect(value(samples, 'sentinel_monitor_cycle_duration_seconds_count')).toBe(1);
    expect(value(samples, 'sentinel_monitor_cycle_duration_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(value(samples, 'sentinel_job_failures_total', { job: 'daily-recap' })).toBe(1);
    expect(value(samples, 'sentinel_job_runs_total', { job: 'monitor-cycle', status: 'SUCCEEDED' })).toBe(1);
    expect(value(samples, 'sentinel_trades_ingested_total', { source: 'tape' })).toBe(120);
    expect(value(samples, 'sentinel_trades_ingested_total', { source: 'backfill' })).toBe(5);
    expect(value(samples, 'sentinel_gaps_found_total')).toBe(3);
    expect(value(samples, 'sentinel_gaps_filled_total')).toBe(2);
    expect(value(samples, 'sentinel_alerts_raised_total', { label: 'CRITICAL' })).toBe(1);
    expect(value(samples, 'sentinel_outbox_backlog', { status: 'PENDING' })).toBe(1);
    expect(value(samples, 'sentinel_outbox_backlog', { status: 'FAILED' })).toBe(1);
    expect(value(samples, 'sentinel_kalshi_requests_total', { outcome: 'rate_limited' })).toBe(2);
    expect(value(samples, 'sentinel_kalshi_requests_total', { outcome: 'server_error' })).toBe(1);
    expect(value(samples, 'sentinel_kalshi_requests_total', { outcome: 'other' })).toBe(7);
    expect(value(samples, 'sentinel_kalshi_retries_total')).toBe(3);
    expect(value(samples, 'sentinel_kalshi_rate_limit_waits_total', { bucket: 'read' })).toBe(4);
    expect(value(samples, 'sentinel_kalshi_rate_limit_wait_seconds_total', { bucket: 'read' })).toBe(1.5);
    // HTTP latency by route pattern, not by raw path (labels stay few).
    expect(value(samples, 'sentinel_http_request_duration_seconds_count', { route: '/api/health', method: 'GET', status: '200' })).toBe(1);
    expect(value(samples, 'sentinel_http_request_duration_seconds_count', { route: '/api/markets/:ticker', status: '404' })).toBe(1);
    expect(samples.some((s) => s.labels.route === '/api/markets/NOPE')).toBe(false);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('answers from the cached outbox count without waiting on the database', async () => {
    const headers = { Authorization: `Bearer ${METRICS_TOKEN}` };
    // A count is cached from the scrape above; a database that hangs must not hold the next scrape.
    const original = t.db.prisma.outbox.groupBy;
    (t.db.prisma.outbox as { groupBy: unknown }).groupBy = () => new Promise(() => {});
    try {
      const started = performance.now();
      const res = await t.app.request('/metrics', { headers });
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(await res.text()).toContain('sentinel_outbox_backlog{status="PENDING"} 1');
    } finally {
      (t.db.prisma.outbox as { groupBy: unknown }).groupBy = original;
    }
    // With no count yet, a scrape waits a moment for the first one, then answers without it.
    const hanging = { outbox: { groupBy: () => new Promise(() => {}) } } as unknown as Parameters<ReturnType<typeof createMetrics>['render']>[0]['prisma'];
    const started = performance.now();
    const text = await createMetrics().render({ prisma: hanging });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(text).not.toContain('sentinel_outbox_backlog{');
    expect(text).toContain('# TYPE sentinel_outbox_backlog gauge');
  });
});

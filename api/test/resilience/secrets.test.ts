// Secrets never leave the process: with known values for the admin token, the Kalshi private
// key, the Anthropic and Resend keys and the webhook secret, every operation is called (with and
// without credentials) and every job is run through the scheduler, once healthy and once with
// every dependency failing. Then everything the product produced is searched: HTTP responses
// (bodies and headers), every captured log line, every row of every table (error_logs,
// outbox, job_runs, ai_decisions …), the emails Resend received, the webhooks and the prompts
// sent to Anthropic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.ts';
import { API_VERSION } from '../../src/openapi-document.ts';
import { type World, exchangeControl, startWorld } from './support.ts';

let w: World;
const produced: { where: string; text: string }[] = [];

async function callEverything(label: string) {
  const doc = openApiDocument(w.stack.app, API_VERSION);
  const ticker = (await w.db.prisma.market.findFirst({ where: { eligible: true } }))?.ticker ?? 'KX-NONE';
  const alertId = (await w.db.prisma.alert.findFirst())?.id ?? '00000000-0000-4000-8000-000000000000';
  const outboxId = (await w.db.prisma.outbox.findFirst())?.id ?? '00000000-0000-4000-8000-000000000000';
  const bodies: Record<string, unknown> = {
    login: { token: w.stack.deps.adminToken },
    updateSettings: { alertThreshold: 0 },
    sendTestEmail: {},
    setTradingMode: { mode: 'paper' },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { operationId: string; requestBody?: unknown }>)) {
      const url = path
        .replace('{ticker}', ticker)
        .replace('{name}', 'retention')
        .replace('{id}', path.startsWith('/api/outbox') ? outboxId : alertId);
      for (const headers of [w.stack.auth, {}]) {
        const body = op.requestBody ? JSON.stringify(bodies[op.operationId] ?? {}) : undefined;
        const response = await w.stack.app.fetch(
          new Request(`http://sentinel.test${url}`, { method: method.toUpperCase(), headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body }),
        );
        const text = response.headers.get('content-type')?.includes('event-stream') ? (await response.body?.cancel(), '') : await response.text();
        produced.push({ where: `${label} ${method.toUpperCase()} ${url} → ${response.status}`, text: `${JSON.stringify([...response.headers])}\n${text}` });
      }
    }
  }
  for (const job of w.stack.scheduler.list()) {
    const outcome = await w.stack.scheduler.runNow(job.name);
    produced.push({ where: `${label} job ${job.name} outcome`, text: JSON.stringify(outcome) });
  }
}

beforeAll(async () => {
  w = await startWorld();
  // An AI pick, so orders, positions and the AI's reasoning exist to be searched too.
  w.ai.reply({ kind: 'tool', input: { selected_contracts: [], total_allocated: 0, strategy_notes: 'nothing today' } });
  await callEverything('healthy');
  // Now every dependency fails: Kalshi answers 5xx, Resend 500, Claude 500, webhooks 500.
  await exchangeControl(w.exchange.baseUrl, '/faults', { rate5xx: 1 }, 'PUT');
  w.resend.failNext(1000);
  w.webhook.failNext(1000);
  w.ai.reply({ kind: 'error', status: 500, message: 'overloaded' });
  await w.db.prisma.outbox.updateMany({ data: { status: 'PENDING', nextAttemptAt: new Date(0) } });
  await callEverything('failing');
  await exchangeControl(w.exchange.baseUrl, '/faults', { rate5xx: 0 }, 'PUT');
}, 300_000);
afterAll(async () => w?.close());

describe('no secret in anything the product produces', () => {
  it('exercised the failure paths (so the search covers error text)', async () => {
    expect(await w.db.prisma.errorLog.count()).toBeGreaterThan(0);
    expect(await w.db.prisma.jobRun.count({ where: { status: 'FAILED' } })).toBeGreaterThan(0);
    expect(await w.db.prisma.outbox.count({ where: { lastError: { not: null } } })).toBeGreaterThan(0);
    expect(w.resend.emails.length).toBeGreaterThan(0);
    expect(w.ai.requests.length).toBeGreaterThan(0);
    expect(w.stack.logs.lines.length).toBeGreaterThan(100);
  });

  it('not in any HTTP response (body or header)', () => {
    expect(produced.length).toBeGreaterThan(150);
    for (const { where, text } of produced) for (const secret of w.secretValues) expect(text.includes(secret), `${where} leaks ${secret.slice(0, 12)}…`).toBe(false);
  });

  it('not in any log line', () => {
    const text = w.stack.logs.text();
    for (const secret of w.secretValues) expect(text.includes(secret), `log leaks ${secret.slice(0, 12)}…`).toBe(false);
  });

  it('not in any row of any table (error_logs, outbox, job_runs, ai_decisions …)', async () => {
    const { rows: tables } = await w.db.pool.query<{ name: string }>(
      `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['error_logs', 'outbox', 'job_runs', 'ai_decisions']));
    for (const { name } of tables) {
      const { rows } = await w.db.pool.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      const text = rows.map((r) => r.row).join('\n');
      for (const secret of w.secretValues) expect(text.includes(secret), `table ${name} leaks ${secret.slice(0, 12)}…`).toBe(false);
    }
  });

  it('not in any email, webhook or prompt sent out', () => {
    const outbound = [
      ...w.resend.emails.map((e) => `${e.subject}\n${e.html}\n${e.text}\n${e.from}`),
      ...w.webhook.received.map((h) => h.body),
      ...w.ai.requests.map((r) => JSON.stringify(r.body)),
    ].join('\n');
    expect(outbound.length).toBeGreaterThan(1000);
    for (const secret of w.secretValues) expect(outbound.includes(secret), `outbound leaks ${secret.slice(0, 12)}…`).toBe(false);
  });
});

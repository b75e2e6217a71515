// Issue 16, finding by finding: each test reproduces an attack that used to work and checks it
// is now refused, while the owner's own use keeps working.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABANDONED_MESSAGE } from '../../src/jobs/scheduler.ts';
import { createWebhookSender } from '../../src/notifications/senders.ts';
import { SECRETS, type World, createFullStack, startWorld } from '../resilience/support.ts';

let w: World;
let echo: { url: string; hits: IncomingMessage['headers'][]; close(): Promise<void> };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** An "Anthropic-compatible" endpoint that fails and echoes the request's headers in its error body. */
async function startEchoingAi() {
  const hits: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    req.resume();
    hits.push(req.headers);
    // This SDK sends `Authorization: Bearer <key>` (older ones `x-api-key`): echo whichever came.
    const authorization = String(req.headers.authorization ?? `Bearer ${req.headers['x-api-key'] ?? ''}`);
    const key = authorization.replace(/^Bearer\s+/i, '');
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `invalid header Authorization: ${authorization}; the key ${key} is not valid` } }));
  });
  const url = await listen(server);
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: 'IPv4' } } });

beforeAll(async () => {
  echo = await startEchoingAi();
  w = await startWorld({ env: { ANTHROPIC_BASE_URL: echo.url } });
  // Markets, books and scores, so the trader has candidates to send to the AI.
  expect((await w.stack.scheduler.runNow('monitor-cycle')).status).toBe('SUCCEEDED');
}, 180_000);
afterAll(async () => {
  await w?.close();
  await echo?.close();
});

const app = () => w.stack.app;
const req = (path: string, init: RequestInit = {}, source = fromAddress('192.0.2.10')) => app().fetch(new Request(`http://sentinel.test${path}`, init), source);

async function signIn(source = fromAddress('192.0.2.10')): Promise<string> {
  const login = await req('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: SECRETS.adminToken }) }, source);
  expect(login.status).toBe(200);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

describe('an AI endpoint that echoes the credentials back', () => {
  it('leaves no secret in any response, table or log line', async () => {
    const run = await req('/api/trading/diagnostics/ai', { method: 'POST', headers: w.stack.auth });
    const runText = await run.text();
    expect(echo.hits.length, `the echoing endpoint was asked: ${runText.slice(0, 300)}`).toBeGreaterThan(0);
    const decisions = await (await req('/api/trading/decisions', { headers: w.stack.auth })).text();
    const logs = await (await req('/api/logs', { headers: w.stack.auth })).text();
    expect(decisions).toContain('redacted');
    const tables = await w.db.pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '\\_%'");
    let dump = '';
    for (const { tablename } of tables.rows) {
      const rows = await w.db.pool.query(`SELECT * FROM "${tablename}"`);
      dump += JSON.stringify(rows.rows);
    }
    for (const secret of w.secretValues) {
      for (const [where, text] of [['diagnostics response', runText], ['decisions', decisions], ['logs', logs], ['tables', dump], ['log lines', w.stack.logs.text()]] as const) {
        expect(text.includes(secret), `${secret.slice(0, 12)}… in ${where}`).toBe(false);
      }
    }
  });
});

describe('cross-site request forgery', () => {
  it('refuses a cross-origin or same-site text/plain POST that carries a valid cookie', async () => {
    const cookie = await signIn();
    for (const path of ['/api/jobs/daily-scan/run', '/api/trading/resume', '/api/trading/diagnostics/ai']) {
      const forged = await req(path, { method: 'POST', headers: { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '{}' });
      expect(forged.status, path).toBe(403);
      expect(forged.headers.get('content-type')).toContain('application/problem+json');
      const sibling = await req(path, { method: 'POST', headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-site' } });
      expect(sibling.status, `${path} same-site`).toBe(403);
      const textBody = await req(path, { method: 'POST', headers: { Cookie: cookie, Origin: 'http://sentinel.test', 'Content-Type': 'text/plain' }, body: '{}' });
      expect(textBody.status, `${path} text/plain from the app's own origin`).toBe(403);
    }
    // Login CSRF too.
    const login = await req('/api/auth/login', { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: JSON.stringify({ token: SECRETS.adminToken }) });
    expect(login.status).toBe(403);
  });

  it('lets the app itself, configured origins and bearer callers through', async () => {
    const cookie = await signIn();
    const own = await req('/api/trading/resume', { method: 'POST', headers: { Cookie: cookie, Origin: 'http://sentinel.test', 'Sec-Fetch-Site': 'same-origin' } });
    expect(own.status).toBe(200);
    const json = await req('/api/settings', { method: 'PUT', headers: { Cookie: cookie, Origin: 'http://sentinel.test', 'Content-Type': 'application/json' }, body: JSON.stringify({ alertThreshold: 0 }) });
    expect(json.status).toBe(200);
    const bearer = await req('/api/trading/resume', { method: 'POST', headers: { ...w.stack.auth, Origin: 'http://evil.example' } });
    expect(bearer.status).toBe(200);
    const cors = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken, CORS_ORIGINS: 'https://app.example' });
    const allowed = await cors.app.fetch(new Request('http://sentinel.test/api/trading/resume', { method: 'POST', headers: { Cookie: cookie, Origin: 'https://app.example' } }), fromAddress('192.0.2.10'));
    expect(allowed.status).toBe(200);
  });
});

describe('webhook targets', () => {
  it('refuses internal addresses and other schemes with a clear 400', async () => {
    // No WEBHOOK_ALLOW_HOSTS here (the world allows its loopback fake by name).
    const strict = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken });
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:5432/', 'http://[::1]:3000/x', 'file:///etc/passwd', 'gopher://127.0.0.1:25/', 'http://10.0.0.5/hook', 'http://[::ffff:127.0.0.1]/x', 'http://localhost:3000/x', 'http://224.0.0.1/']) {
      const response = await strict.app.fetch(
        new Request('http://sentinel.test/api/settings', { method: 'PUT', headers: { ...strict.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ webhookUrl: url }) }),
      );
      expect(response.status, url).toBe(400);
      const body = (await response.json()) as { detail: string; errors?: { path: string }[] };
      expect(body.detail, url).toMatch(/webhookUrl/);
    }
  });

  it('does not send to a name that resolves inside, nor follow a redirect to loopback', async () => {
    const metadata = createWebhookSender({
      lookup: ((_host: string, _options: unknown, callback: (e: null, a: { address: string; family: number }[]) => void) => callback(null, [{ address: '93.184.216.34', family: 4 }, { address: '169.254.169.254', family: 4 }])) as never,
    });
    await expect(metadata.send('http://hooks.example.com/x', { text: 'x' }, 'k')).rejects.toThrow(/forbidden address/);
    await expect(createWebhookSender({}).send('http://127.0.0.1:1/x', { text: 'x' }, 'k')).rejects.toThrow(/loopback|private/);

    // The receiver itself is allowed by name; the internal service it redirects to must never be called.
    const internalHits: string[] = [];
    const internal = createServer((r, res) => {
      internalHits.push(r.url ?? '');
      res.end('secret');
    });
    const internalUrl = await listen(internal);
    const redirector = createServer((r, res) => {
      r.resume();
      res.writeHead(307, { Location: `${internalUrl}/admin` }).end();
    });
    const redirectorUrl = await listen(redirector);
    try {
      const sender = createWebhookSender({ secret: SECRETS.webhookSecret, allowHosts: ['127.0.0.1'] });
      await expect(sender.send(`${redirectorUrl}/hook`, { text: 'x' }, 'k')).rejects.toThrow(/redirect/);
      expect(internalHits).toEqual([]);
    } finally {
      internal.close();
      redirector.close();
    }
  });

  it('gives up on a receiver that streams an endless answer', async () => {
    const endless = createServer((r, res) => {
      r.resume();
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'.repeat(16 * 1024)), 1);
      res.on('close', () => clearInterval(timer));
    });
    const url = await listen(endless);
    try {
      const sender = createWebhookSender({ allowHosts: ['127.0.0.1'], timeoutMs: 5_000 });
      const started = Date.now();
      await sender.send(`${url}/hook`, { text: 'x' }, 'k').catch(() => {});
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      endless.closeAllConnections();
      endless.close();
    }
  });
});

describe('sessions', () => {
  it('logout revokes: the old cookie gets 401 afterwards', async () => {
    const cookie = await signIn();
    expect((await req('/api/auth/me', { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await req('/api/auth/logout', { method: 'POST', headers: { Cookie: cookie } });
    expect(out.status).toBe(200);
    const replay = await req('/api/auth/me', { headers: { Cookie: cookie } });
    expect(replay.status).toBe(401);
  });

  it('lists sessions, revokes another one, and a new admin token ends them all', async () => {
    const mine = await signIn();
    const other = await signIn(fromAddress('192.0.2.99'));
    const list = (await (await req('/api/auth/sessions', { headers: { Cookie: mine } })).json()) as { sessions: { id: string; current: boolean; address: string | null }[] };
    const current = list.sessions.find((s) => s.current)!;
    const otherId = other.split('=')[1]!.split('.')[0]!;
    expect(current).toBeDefined();
    expect(list.sessions.find((s) => s.id === otherId)?.address).toBe('192.0.2.99');
    const revoke = await req(`/api/auth/sessions/${otherId}`, { method: 'DELETE', headers: { Cookie: mine, Origin: 'http://sentinel.test' } });
    expect(revoke.status).toBe(200);
    expect((await req('/api/auth/me', { headers: { Cookie: other } }, fromAddress('192.0.2.99'))).status).toBe(401);
    expect((await req('/api/auth/me', { headers: { Cookie: mine } })).status).toBe(200);

    const rotated = createFullStack(w.db, { ADMIN_TOKEN: 'a-rotated-admin-token-0123456789' });
    const after = await rotated.app.fetch(new Request('http://sentinel.test/api/auth/me', { headers: { Cookie: mine } }), fromAddress('192.0.2.10'));
    expect(after.status).toBe(401);
  });
});

describe('failed credentials behind a reverse proxy', () => {
  it('are counted per forwarded client with TRUST_PROXY_HOPS=1, and X-Forwarded-For is ignored without it', async () => {
    const me = (stack: ReturnType<typeof createFullStack>, token: string, forwardedFor: string) =>
      stack.app.fetch(new Request('http://sentinel.test/api/auth/me', { headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': forwardedFor } }), fromAddress('10.0.0.2'));
    const proxied = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken, TRUST_PROXY_HOPS: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await me(proxied, `wrong-${i}-0123456789abcdef`, '1.2.3.4, 203.0.113.50')).status);
    expect(statuses.at(-1)).toBe(429);
    // Another client behind the same proxy (and a spoofed first entry) is judged on its own.
    expect((await me(proxied, SECRETS.adminToken, '203.0.113.50, 198.51.100.77')).status).toBe(200);

    const direct = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken });
    for (let i = 0; i < 30; i++) await me(direct, `wrong-${i}-0123456789abcdef`, `198.51.100.${i}`);
    // Without trusted proxies a forged header does not buy a fresh record.
    expect((await me(direct, 'another-wrong-0123456789abcdef', '192.0.2.200')).status).toBe(429);
  });
});

describe('live streams', () => {
  it('answer the 101st stream from one client with a 429 problem, and still serve others', async () => {
    const fresh = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken });
    const open: Response[] = [];
    try {
      for (let i = 0; i < 100; i++) {
        const response = await fresh.app.fetch(new Request('http://sentinel.test/api/stream'), fromAddress('198.51.100.5'));
        expect(response.status).toBe(200);
        open.push(response);
      }
      const extra = await fresh.app.fetch(new Request('http://sentinel.test/api/stream'), fromAddress('198.51.100.5'));
      expect(extra.status).toBe(429);
      expect(extra.headers.get('content-type')).toContain('application/problem+json');
      const neighbour = await fresh.app.fetch(new Request('http://sentinel.test/api/stream'), fromAddress('198.51.100.6'));
      expect(neighbour.status).toBe(200);
      open.push(neighbour);
    } finally {
      await Promise.all(open.map((r) => r.body?.cancel()));
    }
    // Closed streams free their places.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await fresh.app.fetch(new Request('http://sentinel.test/api/stream'), fromAddress('198.51.100.5'));
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});

describe('job runs killed mid-way', () => {
  it('are closed as abandoned at start-up', async () => {
    const stale = await w.db.prisma.jobRun.create({ data: { job: 'retention', trigger: 'manual', instanceId: 'a-dead-process', startedAt: new Date(Date.now() - 3_600_000) } });
    expect(await w.stack.scheduler.closeAbandoned()).toBeGreaterThanOrEqual(1);
    const row = await w.db.prisma.jobRun.findUniqueOrThrow({ where: { id: stale.id } });
    expect(row.status).toBe('FAILED');
    expect(row.error).toBe(ABANDONED_MESSAGE);
    expect(row.finishedAt).not.toBeNull();
  });
});

describe('content security policy', () => {
  const scriptSrc = (csp: string | null) => csp?.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';

  it('allows no inline script but the pages\' own, by hash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-web-'));
    const boot = 'console.log("boot")';
    await writeFile(join(dir, '200.html'), `<!doctype html><html><head></head><body><script>${boot}</script></body></html>`);
    try {
      const { createApp } = await import('../../src/app.ts');
      const spa = createApp({ ...w.stack.deps, webDir: dir });
      const page = await spa.fetch(new Request('http://sentinel.test/markets/X'));
      const csp = scriptSrc(page.headers.get('content-security-policy'));
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain(`'sha256-${createHash('sha256').update(boot).digest('base64')}'`);
      const docs = await spa.fetch(new Request('http://sentinel.test/api/docs'));
      expect(docs.status).toBe(200);
      const docsCsp = scriptSrc(docs.headers.get('content-security-policy'));
      expect(docsCsp).not.toContain('unsafe-inline');
      expect(docsCsp).toMatch(/'sha256-/);
      const api = await spa.fetch(new Request('http://sentinel.test/api/health'));
      expect(scriptSrc(api.headers.get('content-security-policy'))).toBe("script-src 'self'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

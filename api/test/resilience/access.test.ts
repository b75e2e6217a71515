// Access control over the whole HTTP surface, enumerated from the OpenAPI document the app
// serves: every operation is either on the reviewed public list below or protected, and a
// protected one refuses every kind of missing or forged credential and works with real ones.
// A route added without a decision (neither listed here nor declared with protectedRoute)
// fails this file. Extends api/test/app.test.ts (which covers /api/auth/me only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, revokeSession } from '../../src/auth/session.ts';
import { openApiDocument } from '../../src/app.ts';
import { API_VERSION } from '../../src/openapi-document.ts';
import { SECRETS, type World, startWorld } from './support.ts';

/**
 * The reviewed list of operations anyone may call. Each is read-only market data the exchange
 * itself publishes, or part of signing in. Adding to this list is a security decision: say why.
 */
export const PUBLIC_OPERATIONS: Record<string, string> = {
  getHealth: 'liveness for load balancers; no private data',
  login: 'exchanges the token for a session (rate limited)',
  logout: 'only clears the caller\'s own cookie',
  getSession: 'tells the caller whether its own credentials are valid',
  listMarkets: 'public market data and scores (the watchlist filter needs credentials)',
  listCategories: 'public market categories',
  getMarket: 'public market data and its score breakdown',
  listAlerts: 'alerts are derived from public trades only',
  getAlert: 'one alert, as above',
  getMonitorModel: 'the scoring model documentation',
  getMonitorSummary: 'counts over public market data',
  streamEvents: 'live scores and alerts, the same data as the lists above',
};

/** Routes served outside the OpenAPI document on purpose (the document itself and its UI). */
const UNDOCUMENTED_PUBLIC_ROUTES = ['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/assets/swagger-ui-dist/:file'];

interface Operation {
  id: string;
  method: string;
  path: string;
  secured: boolean;
  params: { name: string; in: string; required?: boolean }[];
  hasBody: boolean;
}

let w: World;
let operations: Operation[];
let ticker: string;
let outboxId: string;
let alertId: string;
let revokedCookie: string;
let expiredCookie: string;
let otherTokenCookie: string;

function listOperations(doc: ReturnType<typeof openApiDocument>): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        secured: Array.isArray(op.security) && op.security.length > 0,
        params: (op.parameters as Operation['params']) ?? [],
        hasBody: Boolean(op.requestBody),
      });
    }
  }
  return out;
}

/** A valid request for each operation (sample path params and bodies). */
function validRequest(op: Operation, headers: Record<string, string>): Request {
  const path = op.path
    .replace('{ticker}', encodeURIComponent(ticker))
    .replace('{name}', 'retention')
    .replace('{id}', op.path.startsWith('/api/outbox') ? outboxId : alertId);
  const bodies: Record<string, unknown> = {
    login: { token: SECRETS.adminToken },
    updateSettings: { alertThreshold: 0 },
    sendTestEmail: {},
    setTradingMode: { mode: 'paper' },
  };
  if (op.hasBody && !(op.id in bodies)) throw new Error(`no sample body for ${op.id}: add one to validRequest`);
  const body = op.hasBody ? JSON.stringify(bodies[op.id]) : undefined;
  return new Request(`http://sentinel.test${path}`, {
    method: op.method,
    headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body,
  });
}

/** As the Node server passes it: the connecting address (the credential throttle's key). */
export function fromAddress(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } };
}

let nextSource = 0;
/** A fresh address per request, so forged credentials are judged one by one rather than throttled. */
const freshSource = () => fromAddress(`10.${(nextSource >> 16) & 255}.${(nextSource >> 8) & 255}.${nextSource++ & 255}`);

async function send(request: Request, source?: ReturnType<typeof fromAddress>): Promise<Response> {
  const response = await w.stack.app.fetch(request, source);
  // The event stream never ends: look at its head only.
  if (response.headers.get('content-type')?.includes('text/event-stream')) await response.body?.cancel();
  return response;
}

beforeAll(async () => {
  w = await startWorld();
  operations = listOperations(openApiDocument(w.stack.app, API_VERSION));
  // Data for the sample requests: one monitor cycle (markets, scores, alerts with threshold 0, outbox rows).
  const cycle = await w.stack.scheduler.runNow('monitor-cycle');
  expect(cycle.status).toBe('SUCCEEDED');
  ticker = (await w.db.prisma.market.findFirstOrThrow({ where: { eligible: true } })).ticker;
  alertId = (await w.db.prisma.alert.findFirst())?.id ?? '00000000-0000-4000-8000-000000000000';
  outboxId = (await w.db.prisma.outbox.findFirst())?.id ?? '00000000-0000-4000-8000-000000000000';
  const revoked = await createSession(w.db.prisma, SECRETS.adminToken, {});
  await revokeSession(w.db.prisma, revoked.id);
  revokedCookie = revoked.cookie;
  // On the app's clock (the world's is frozen): made 31 days before its now.
  const appNow = w.stack.deps.now?.() ?? new Date();
  expiredCookie = (await createSession(w.db.prisma, SECRETS.adminToken, {}, new Date(appNow.getTime() - 31 * 86_400_000))).cookie;
  otherTokenCookie = (await createSession(w.db.prisma, 'some-other-admin-token-xyz', {})).cookie;
}, 120_000);
afterAll(async () => w?.close());

describe('every operation has an access decision', () => {
  it('is either on the reviewed public list or protected, and the list has no stale entries', () => {
    expect(operations.length).toBeGreaterThanOrEqual(38);
    const undecided = operations.filter((op) => !op.secured && !(op.id in PUBLIC_OPERATIONS));
    expect(undecided.map((op) => `${op.method} ${op.path} (${op.id})`), 'public routes missing from PUBLIC_OPERATIONS').toEqual([]);
    const listedButProtected = operations.filter((op) => op.secured && op.id in PUBLIC_OPERATIONS);
    expect(listedButProtected.map((op) => op.id)).toEqual([]);
    const ids = new Set(operations.map((op) => op.id));
    expect(Object.keys(PUBLIC_OPERATIONS).filter((id) => !ids.has(id)), 'stale PUBLIC_OPERATIONS entries').toEqual([]);
  });

  it('serves no /api route outside the document except the document and its UI', () => {
    const documented = new Set(operations.map((op) => `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const routes = w.stack.app.routes
      .filter((r) => r.path.startsWith('/api') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r) => !documented.has(r));
    const unexpected = [...new Set(routes)].filter((r) => !UNDOCUMENTED_PUBLIC_ROUTES.includes(r));
    expect(unexpected).toEqual([]);
  });
});

describe('protected operations', () => {
  const forged = (): { label: string; headers: Record<string, string> }[] => [
    { label: 'no credentials', headers: {} },
    { label: 'wrong bearer', headers: { Authorization: 'Bearer not-the-admin-token-0000000000' } },
    { label: 'empty bearer', headers: { Authorization: 'Bearer ' } },
    { label: 'basic auth with the token', headers: { Authorization: `Basic ${Buffer.from(`admin:${SECRETS.adminToken}`).toString('base64')}` } },
    { label: 'token in a query-like header', headers: { 'X-Admin-Token': SECRETS.adminToken } },
    { label: 'forged cookie', headers: { Cookie: 'sentinel_session=00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } },
    { label: 'cookie of another admin token', headers: { Cookie: `sentinel_session=${otherTokenCookie}` } },
    { label: 'expired cookie', headers: { Cookie: `sentinel_session=${expiredCookie}` } },
    { label: 'revoked cookie', headers: { Cookie: `sentinel_session=${revokedCookie}` } },
  ];

  it('answer 401 problems to every missing, wrong, forged or expired credential', async () => {
    let checked = 0;
    for (const op of operations.filter((o) => o.secured)) {
      for (const { label, headers } of forged()) {
        const response = await send(validRequest(op, headers), freshSource());
        expect(response.status, `${op.id} with ${label}`).toBe(401);
        expect(response.headers.get('content-type'), op.id).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ status: 401, title: 'Authentication required' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(26 * 9);
  }, 60_000);

  it('work with the bearer token and with the session cookie', async () => {
    const login = await send(validRequest(operations.find((o) => o.id === 'login')!, {}));
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const op of operations.filter((o) => o.secured)) {
      for (const headers of [w.stack.auth, { Cookie: cookie }]) {
        const response = await send(validRequest(op, headers));
        expect(response.status, `${op.method} ${op.path}`).not.toBe(401);
        expect(response.status, `${op.method} ${op.path}: ${response.status}`).toBeLessThan(500);
        if (op.params.every((p) => p.in !== 'path')) expect(response.status, `${op.method} ${op.path}`).toBeLessThan(300);
        await response.body?.cancel();
      }
    }
  }, 120_000);
});

describe('public operations', () => {
  it('answer without credentials and show no private data', async () => {
    for (const op of operations.filter((o) => !o.secured)) {
      const response = await send(validRequest(op, {}));
      expect(response.status, `${op.id}`).toBeLessThan(op.id === 'getAlert' ? 500 : 300);
      if (response.headers.get('content-type')?.includes('json')) {
        const text = await response.text();
        // No outbox, settings or trading content in a public answer.
        expect(text).not.toContain('ops@example.com');
        expect(text).not.toContain(w.webhook.url);
      }
    }
    // The watchlist filter is private even on a public route.
    const watched = await send(new Request('http://sentinel.test/api/markets?watched=true'));
    expect(watched.status).toBe(401);
  });
});

describe('session cookie, CORS, rate limit, headers and body limits over the whole surface', () => {
  it('sets httpOnly + SameSite=Strict always, Secure behind TLS or a TLS proxy, and never carries the token', async () => {
    const login = (url: string, headers: Record<string, string> = {}) =>
      send(new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ token: SECRETS.adminToken }) }));
    const plain = (await login('http://sentinel.test/api/auth/login')).headers.get('set-cookie')!;
    const proxied = (await login('http://sentinel.test/api/auth/login', { 'X-Forwarded-Proto': 'https' })).headers.get('set-cookie')!;
    const tls = (await login('https://sentinel.test/api/auth/login')).headers.get('set-cookie')!;
    for (const cookie of [plain, proxied, tls]) {
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain(SECRETS.adminToken);
    }
    expect(plain).not.toMatch(/;\s*Secure/);
    expect(proxied).toMatch(/;\s*Secure/);
    expect(tls).toMatch(/;\s*Secure/);
  });

  it('answers CORS preflights only for configured origins, on every protected path', async () => {
    const { createFullStack } = await import('./support.ts');
    const cors = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken, CORS_ORIGINS: 'https://app.example' });
    for (const op of operations) {
      const path = op.path.replace(/\{\w+\}/g, 'X');
      for (const origin of ['https://app.example', 'https://evil.example', 'null']) {
        const preflight = await cors.app.fetch(
          new Request(`http://sentinel.test${path}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': op.method, 'Access-Control-Request-Headers': 'authorization' } }),
        );
        const allowed = preflight.headers.get('access-control-allow-origin');
        if (origin === 'https://app.example') expect(allowed, path).toBe(origin);
        else expect(allowed, `${path} from ${origin}`).toBeNull();
      }
      // The default (no CORS_ORIGINS): nobody else's origin is ever echoed.
      const none = await send(new Request(`http://sentinel.test${path}`, { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': op.method } }));
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('throttles failed credentials per source without ever locking the owner out', async () => {
    const { createFullStack } = await import('./support.ts');
    const fresh = createFullStack(w.db, { ADMIN_TOKEN: SECRETS.adminToken });
    const attacker = fromAddress('203.0.113.7');
    const owner = fromAddress('198.51.100.20');
    const login = (token: string, source: ReturnType<typeof fromAddress>) =>
      fresh.app.fetch(new Request('http://sentinel.test/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) }), source);
    const me = (token: string, source: ReturnType<typeof fromAddress>) =>
      fresh.app.fetch(new Request('http://sentinel.test/api/auth/me', { headers: { Authorization: `Bearer ${token}` } }), source);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await me(`guess-${i}-0123456789abcdef`, attacker)).status);
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // Sign-in failures count against the same record: the attacker's address waits either way.
    const limited = await login('another-guess', attacker);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner, elsewhere, is not affected: the right token works by bearer and by sign-in.
    expect((await me(SECRETS.adminToken, owner)).status).toBe(200);
    expect((await login(SECRETS.adminToken, owner)).status).toBe(200);
  });

  it('puts the security headers on every response: success, 401, 404, 400 and 413', async () => {
    const check = (response: Response, label: string) => {
      expect(response.headers.get('x-content-type-options'), label).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), label).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy'), label).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy'), label).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security'), label).toContain('max-age=');
      expect(response.headers.get('x-powered-by'), label).toBeNull();
    };
    for (const op of operations) {
      check(await send(validRequest(op, op.secured ? w.stack.auth : {})), `${op.id} ok`);
      if (op.secured) check(await send(validRequest(op, {})), `${op.id} 401`);
      if (op.hasBody) {
        const big = await send(
          new Request(`http://sentinel.test${op.path.replace(/\{\w+\}/g, 'X')}`, { method: op.method, headers: { ...w.stack.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ x: 'x'.repeat(1_100_000) }) }),
        );
        expect(big.status, `${op.id} oversized body`).toBe(413);
        check(big, `${op.id} 413`);
      }
    }
    check(await send(new Request('http://sentinel.test/api/nope')), '404');
  }, 60_000);

  it('limits bodies with no Content-Length (chunked) too', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(32 * 1024)));
        controller.close();
      },
    });
    const response = await send(
      new Request('http://sentinel.test/api/settings', { method: 'PUT', headers: { ...w.stack.auth, 'Content-Type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

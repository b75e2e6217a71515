// The foundation's HTTP surface, through the typed client that third parties use.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSentinelClient } from '@sentinel/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from './support/app.ts';

let t: TestApp;
let webDir: string;

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'sentinel-web-'));
  await writeFile(join(webDir, '200.html'), '<!doctype html><title>spa shell</title>');
  await writeFile(join(webDir, 'robots.txt'), 'User-agent: *');
  t = await createTestApp({ webDir });
});
afterAll(async () => {
  await t?.close();
  await rm(webDir, { recursive: true, force: true });
});

function client(token?: string) {
  return createSentinelClient({ baseUrl: 'http://sentinel.test', token, fetch: async (request: Request) => t.app.fetch(request) });
}

describe('GET /api/health', () => {
  it('reports the database kind, version and uptime', async () => {
    const { data, response } = await client().GET('/api/health');
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ status: 'ok', database: t.db.kind, version: t.deps.version });
    expect(data!.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('answers a 503 problem when the database does not answer', async () => {
    const down = await createTestApp({
      db: { ...t.db, ping: () => Promise.reject(new Error('Connection terminated unexpectedly')) },
    });
    try {
      const response = await down.app.request('/api/health');
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 503, type: expect.stringContaining('unavailable') });
    } finally {
      await down.close();
    }
  });
});

describe('access control', () => {
  it('answers 401 problems without credentials or with wrong ones', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-xxxxxxxxxxxx' }, { Authorization: 'Basic abc' }]) {
      const response = await t.app.request('/api/auth/me', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Authentication required' });
    }
  });

  it('accepts the bearer token', async () => {
    const { data, response } = await client(TEST_ADMIN_TOKEN).GET('/api/auth/me');
    expect(response.status).toBe(200);
    expect(data).toEqual({ role: 'admin' });
  });

  it('logs in with the token and sets an httpOnly, SameSite=Strict session cookie that authenticates', async () => {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sentinel_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(cookie).not.toContain(TEST_ADMIN_TOKEN);
    const session = cookie.split(';')[0]!;
    const me = await t.app.request('/api/auth/me', { headers: { Cookie: session } });
    expect(me.status).toBe(200);
    const state = await t.app.request('/api/auth/session', { headers: { Cookie: session } });
    expect(await state.json()).toEqual({ authenticated: true });
  });

  it('marks the cookie Secure behind TLS', async () => {
    const response = await t.app.request('https://sentinel.example/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });
    expect(response.headers.get('set-cookie')).toContain('Secure');
  });

  it('refuses a wrong token with 401 and rate limits repeated attempts', async () => {
    const limited = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await limited.app.request('/api/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ token: 'guess-' + i }),
        });
        statuses.push(response.status);
      }
      // Five free failures, then the address waits (1 s, doubling) and is answered 429 meanwhile.
      expect(statuses.slice(0, 6)).toEqual(Array(6).fill(401));
      expect(statuses.slice(6)).toEqual(Array(6).fill(429));
    } finally {
      await limited.close();
    }
  });

  it('logout clears the cookie', async () => {
    const response = await t.app.request('/api/auth/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/sentinel_session=;.*Max-Age=0/);
  });
});

describe('problems', () => {
  it('lists every offending field on validation failure', async () => {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: 42 }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string; message: string }[]; requestId: string };
    expect(body.errors).toEqual([{ path: 'json.token', message: expect.any(String) }]);
    expect(body.requestId).toBeTruthy();
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"token":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('limits request bodies', async () => {
    const response = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, title: 'Request body too large' });
  });

  it('answers unknown /api paths with a 404 problem', async () => {
    const response = await t.app.request('/api/does-not-exist');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, instance: '/api/does-not-exist' });
  });

  it('turns unexpected errors into a 500 problem with the request id and no stack', async () => {
    const broken = await createTestApp();
    try {
      broken.app.get('/api/explode', () => {
        throw new Error('secret internals at /srv/app/file.ts:12');
      });
      const response = await broken.app.request('/api/explode', { headers: { 'X-Request-Id': 'req-123' } });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('secret internals');
      expect(text).not.toContain('.ts:');
      expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: 'req-123' });
      expect(broken.logs.lines.some((l) => l.requestId === 'req-123' && l.level === 'error')).toBe(true);
    } finally {
      await broken.close();
    }
  });
});

describe('HTTP hygiene', () => {
  it('sets security headers on every response', async () => {
    for (const path of ['/api/health', '/api/nope', '/', '/api/docs']) {
      const response = await t.app.request(path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('compresses large responses', async () => {
    const response = await t.app.request('/api/openapi.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('puts the request id on every log line of a request', async () => {
    await t.app.request('/api/health', { headers: { 'X-Request-Id': 'trace-me-1' } });
    const lines = t.logs.lines.filter((l) => l.path === '/api/health' || l.requestId === 'trace-me-1');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.requestId)).toBe(true);
    expect(t.logs.text()).not.toContain(TEST_ADMIN_TOKEN);
  });

  it('allows CORS only for configured origins', async () => {
    const withCors = await createTestApp({ corsOrigins: ['https://allowed.example'] });
    try {
      const ok = await withCors.app.request('/api/health', { headers: { Origin: 'https://allowed.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
      const denied = await withCors.app.request('/api/health', { headers: { Origin: 'https://evil.example' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
      const none = await t.app.request('/api/health', { headers: { Origin: 'https://allowed.example' } });
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
  });
});

describe('the SPA and the docs', () => {
  it('serves built files and falls back to the SPA shell for deep links', async () => {
    expect(await (await t.app.request('/robots.txt')).text()).toBe('User-agent: *');
    for (const path of ['/', '/markets/ABC-123', '/settings']) {
      const response = await t.app.request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('spa shell');
    }
  });

  it('never serves files outside the build directory', async () => {
    const response = await t.app.request('/..%2f..%2f..%2fetc%2fpasswd');
    expect(await response.text()).not.toContain('root:');
  });

  it('serves Swagger UI with local assets', async () => {
    const page = await t.app.request('/api/docs');
    const html = await page.text();
    expect(html).toContain('/api/openapi.json');
    expect(html).not.toContain('cdn.jsdelivr');
    const script = await t.app.request('/api/docs/assets/swagger-ui-dist/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});

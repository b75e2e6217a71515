// A fuzzer generated from the OpenAPI document: every operation gets malformed, oversized,
// wrong-typed and injection-shaped path parameters, query values and JSON bodies (SQL, script,
// unicode, huge and negative numbers, NaN, deep nesting, prototype keys, broken JSON, wrong
// content types), with and without credentials. The product must never answer 5xx, and every
// 4xx must be an application/problem+json document whose status matches. Hostile input must
// also change nothing it should not (no table dropped, no market rewritten).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app.ts';
import { API_VERSION } from '../../src/openapi-document.ts';
import { type World, startWorld } from './support.ts';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; $ref?: string; enum?: unknown[]; anyOf?: Schema[]; oneOf?: Schema[] };

/** Strings that have broken web apps before. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  "'",
  '"',
  "' OR '1'='1",
  "1; DROP TABLE markets; --",
  "x' UNION SELECT token FROM settings --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  '\u202eevil',
  '𝕳𝖊𝖑𝖑𝖔 🧨 ﷽',
  'é'.repeat(5000),
  'A'.repeat(20_000),
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '-0',
  '0x10',
  '1e309',
  '9'.repeat(400),
  '-9223372036854775809',
  '1.5',
  'true',
  'null',
  '[]',
  '{}',
  '2026-13-45T99:99:99Z',
];

/** Raw (already encoded) fragments that are not valid percent-encoding. */
const RAW_SEGMENTS = ['%ZZ', '%E0%A4%A', '%', '%25%', '%C0%AF', '%FF%FE'];

/** JSON values of every type, plus extremes. */
const HOSTILE_VALUES: unknown[] = [null, true, false, 0, -1, -1e308, 1e308, 2 ** 53 + 1, 0.1, 'x', 'A'.repeat(100_000), [], [null], {}, { $gt: '' }, { __proto__: { admin: true } }, ['a', 1, null]];

/** Whole bodies sent as raw text. */
const RAW_BODIES = [
  '',
  '{',
  '{"a":',
  'null',
  '[]',
  '"string"',
  '12345',
  'NaN',
  '{"x": NaN}',
  '{"x": Infinity}',
  '{"x": 1e309}',
  '\uFEFF{}',
  '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
  '['.repeat(50_000) + ']'.repeat(50_000),
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  JSON.stringify({ a: 'x'.repeat(900_000) }),
  '\u0000\u0001\u0002',
  '{"a":"\\ud800"}',
];

interface Case {
  label: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

function resolve(schema: Schema | undefined, components: Record<string, Schema>): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = components[s.$ref.split('/').pop()!] ?? {};
  return s;
}

function casesFor(path: string, method: string, op: Record<string, unknown>, components: Record<string, Schema>, sample: { ticker: string; id: string }): Case[] {
  const params = (op.parameters as { name: string; in: string }[]) ?? [];
  const samplePath = path.replace('{ticker}', sample.ticker).replace('{name}', 'no-such-job').replace('{id}', sample.id);
  const cases: Case[] = [];
  const M = method.toUpperCase();
  // Path parameters: each hostile value in each position, encoded and raw.
  for (const p of params.filter((x) => x.in === 'path')) {
    for (const v of HOSTILE_STRINGS) {
      const value = encodeURIComponent(v) || '%20';
      cases.push({ label: `path ${p.name}=${v.slice(0, 20)}`, method: M, url: path.replace(`{${p.name}}`, value).replace(/\{\w+\}/g, 'X') });
    }
    for (const raw of RAW_SEGMENTS) cases.push({ label: `raw path ${p.name}=${raw}`, method: M, url: path.replace(`{${p.name}}`, raw).replace(/\{\w+\}/g, 'X') });
  }
  // Query parameters: each hostile value, the parameter repeated, raw bad encodings.
  for (const p of params.filter((x) => x.in === 'query')) {
    for (const v of HOSTILE_STRINGS) cases.push({ label: `query ${p.name}=${v.slice(0, 20)}`, method: M, url: `${samplePath}?${p.name}=${encodeURIComponent(v)}` });
    cases.push({ label: `query ${p.name} repeated`, method: M, url: `${samplePath}?${p.name}=1&${p.name}=2&${p.name}[]=3` });
    for (const raw of RAW_SEGMENTS) cases.push({ label: `raw query ${p.name}=${raw}`, method: M, url: `${samplePath}?${p.name}=${raw}` });
  }
  // Unknown query parameters and a huge query string, on every operation.
  cases.push({ label: 'unknown query', method: M, url: `${samplePath}?__proto__[admin]=1&constructor=x&${'z'.repeat(20)}=${'y'.repeat(6000)}` });
  // Bodies: every property with every wrong type, then whole raw bodies and wrong content types.
  const json = (body: string, label: string, contentType = 'application/json'): Case => ({ label, method: M, url: samplePath, headers: { 'Content-Type': contentType }, body });
  const requestBody = op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
  const schema = resolve(requestBody?.content?.['application/json']?.schema, components);
  for (const [name] of Object.entries(schema.properties ?? {})) {
    for (const v of HOSTILE_VALUES) cases.push(json(JSON.stringify({ [name]: v }), `body ${name}=${JSON.stringify(v)?.slice(0, 20)}`));
    for (const v of HOSTILE_STRINGS) cases.push(json(JSON.stringify({ [name]: v }), `body ${name}="${v.slice(0, 20)}"`));
  }
  // fetch cannot send a GET body; other body-less operations get junk bodies they must ignore or refuse.
  const bodies = requestBody ? RAW_BODIES : M === 'GET' ? [] : ['{', '{"unexpected":true}'];
  for (const raw of bodies) cases.push(json(raw, `raw body ${raw.slice(0, 20)}`));
  if (requestBody) {
    cases.push(json('token=x&mode=live', 'form body', 'application/x-www-form-urlencoded'));
    cases.push(json('{"mode":"live"}', 'text/plain body', 'text/plain'));
    cases.push(json('{"mode":"live"}', 'json with odd charset', 'application/json; charset=utf-7'));
    cases.push(json('<x/>', 'xml body', 'application/xml'));
  }
  return cases;
}

let w: World;
let marketsBefore: number;

beforeAll(async () => {
  w = await startWorld({ markets: 60 });
  expect((await w.stack.scheduler.runNow('monitor-cycle')).status).toBe('SUCCEEDED');
  marketsBefore = await w.db.prisma.market.count();
}, 120_000);
afterAll(async () => w?.close());

describe('OpenAPI-driven fuzzing', () => {
  it('never answers 5xx, and every 4xx is a problem document', async () => {
    const doc = openApiDocument(w.stack.app, API_VERSION);
    const components = (doc.components?.schemas ?? {}) as Record<string, Schema>;
    const sample = {
      ticker: (await w.db.prisma.market.findFirstOrThrow()).ticker,
      id: (await w.db.prisma.alert.findFirst())?.id ?? '00000000-0000-4000-8000-000000000000',
    };
    const cases: Case[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) cases.push(...casesFor(path, method, op, components, sample));
    }
    // Hostile credentials on a protected route.
    for (const authorization of ['Bearer ' + 'a'.repeat(10_000), 'Bearer', 'bearer  \t x', 'Bearer \u00ff\u00fe', 'Basic ' + '='.repeat(100)]) {
      cases.push({ label: `authorization ${authorization.slice(0, 12)}`, method: 'GET', url: '/api/settings', headers: { Authorization: authorization } });
    }
    for (const cookie of ['sentinel_session=', 'sentinel_session=.', 'sentinel_session=1e309.x', 'sentinel_session=-1.abc', `sentinel_session=${'9'.repeat(400)}.x`, 'sentinel_session=%ZZ', 'a=b; '.repeat(500)]) {
      cases.push({ label: `cookie ${cookie.slice(0, 20)}`, method: 'GET', url: '/api/settings', headers: { Cookie: cookie } });
    }

    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const c of cases) {
      for (const auth of [true, false]) {
        const headers = { ...(auth && !c.headers?.Authorization && !c.headers?.Cookie ? w.stack.auth : {}), ...c.headers };
        let response: Response;
        try {
          response = await w.stack.app.fetch(new Request(`http://sentinel.test${c.url}`, { method: c.method, headers, body: c.body }));
        } catch (error) {
          failures.push(`${c.method} ${c.url.slice(0, 80)} [${c.label}] threw ${(error as Error).message}`);
          continue;
        }
        sent++;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const type = response.headers.get('content-type') ?? '';
        if (type.includes('event-stream')) {
          await response.body?.cancel();
          continue;
        }
        const text = await response.text();
        const where = `${c.method} ${c.url.slice(0, 80)} [${c.label}] auth=${auth} → ${response.status}`;
        if (response.status >= 500) failures.push(`${where}: ${text.slice(0, 200)}`);
        else if (response.status >= 400) {
          if (!type.includes('application/problem+json')) failures.push(`${where}: content-type ${type}`);
          else {
            const body = JSON.parse(text) as { status?: number; title?: string };
            if (body.status !== response.status || !body.title) failures.push(`${where}: body ${text.slice(0, 200)}`);
          }
        }
      }
    }
    console.log(`fuzz: ${sent} requests from ${cases.length} cases; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(sent).toBeGreaterThan(5000);
  }, 300_000);

  it('changed nothing it should not have', async () => {
    expect(await w.db.prisma.market.count()).toBe(marketsBefore);
    const { rows } = await w.db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('markets', 'settings', 'job_runs', 'outbox')`);
    expect(Number(rows[0]!.n)).toBe(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // The app still answers normally.
    const health = await w.stack.app.fetch(new Request('http://sentinel.test/api/health'));
    expect(health.status).toBe(200);
  });
});

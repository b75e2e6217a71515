import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER } from '../src/app.ts';
import { MONITOR_MODEL } from '../src/monitor/about/about.index.ts';
import { MonitorModelSchema } from '../src/monitor/about/model.schema.ts';
import { OPENAPI_PATH, buildOpenApiDocument, serializeDocument } from '../src/openapi-document.ts';
import { type TestApp, createTestApp } from './support/app.ts';

describe('the OpenAPI contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('openapi/openapi.json is what the code produces (run `npm run openapi` after changing routes)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(serializeDocument(buildOpenApiDocument()));
  });

  it('the running app serves the committed document, naming itself as the server', async () => {
    const served = (await (await t.app.request('http://sentinel.test:8080/api/openapi.json')).json()) as Record<string, unknown>;
    const committed = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Record<string, unknown>;
    expect({ ...served, servers: null }).toEqual({ ...committed, servers: null });
    expect(served.servers).toEqual([{ url: 'http://sentinel.test:8080', description: 'This instance' }]);
    expect(committed.servers).toEqual([DEFAULT_SERVER]);
    const behindProxy = await createTestApp({ db: t.db, publicUrl: 'https://sentinel.example.com/' });
    const named = (await (await behindProxy.app.request('http://10.0.0.5/api/openapi.json')).json()) as { servers: { url: string }[] };
    expect(named.servers[0]!.url).toBe('https://sentinel.example.com');
  });

  it('declares every tag it uses, with a description', () => {
    const document = buildOpenApiDocument() as unknown as { tags: { name: string; description: string }[]; paths: Record<string, Record<string, { tags?: string[] }>> };
    const used = new Set(Object.values(document.paths).flatMap((methods) => Object.values(methods).flatMap((op) => op.tags ?? [])));
    const declared = document.tags.map((tag) => tag.name);
    expect([...used].filter((tag) => !declared.includes(tag)), 'tags used but not declared in OPENAPI_TAGS').toEqual([]);
    expect(declared.filter((tag) => !used.has(tag)), 'declared tags no operation uses').toEqual([]);
    for (const tag of document.tags) expect(tag.description, tag.name).toBeTruthy();
  });

  it('types every schema: nothing the SPA or a client reads is a free-form blob', () => {
    // Schemas allowed to be untyped, each with the reason. Adding one is a decision: say why.
    const ALLOWED_UNTYPED: Record<string, string> = {};
    const document = buildOpenApiDocument();
    const untyped: string[] = [];
    const TYPED = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'];
    const check = (schema: unknown, path: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      if (!TYPED.some((key) => key in schema) && !(path in ALLOWED_UNTYPED)) untyped.push(`${path} ${JSON.stringify(schema).slice(0, 80)}`);
    };
    const walk = (node: unknown, path: string) => {
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && typeof value === 'object' && value) for (const [name, sub] of Object.entries(value)) check(sub, `${path}.properties.${name}`);
        if (['items', 'additionalProperties', 'schema', 'not'].includes(key)) check(value, `${path}.${key}`);
        if (['anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(key) && Array.isArray(value)) value.forEach((sub, i) => check(sub, `${path}.${key}[${i}]`));
        walk(value, `${path}.${key}`);
      }
    };
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) check(schema, `#/components/schemas/${name}`);
    walk(document, '#');
    expect(untyped).toEqual([]);
  });

  it('the monitor model the API serves matches its schema', () => {
    expect(() => MonitorModelSchema.parse(MONITOR_MODEL)).not.toThrow();
  });

  it('declares an operationId, tags and the problem responses on every operation', () => {
    const document = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, { operationId?: string; tags?: string[]; responses: Record<string, unknown> }>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const { path, method, operation } of operations) {
      expect(operation.operationId, `${method} ${path}`).toBeTruthy();
      expect(ids.has(operation.operationId!)).toBe(false);
      ids.add(operation.operationId!);
      expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const status of ['400', '500']) expect(operation.responses[status], `${method} ${path} ${status}`).toBeTruthy();
    }
  });
});

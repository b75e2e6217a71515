import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('the running app serves the committed document', async () => {
    const served = await (await t.app.request('/api/openapi.json')).json();
    expect(served).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
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

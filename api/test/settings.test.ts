import { createSentinelClient } from '@sentinel/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';
import { type TestApp, TEST_ADMIN_TOKEN, createTestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const api = () =>
  createSentinelClient({ baseUrl: 'http://sentinel.test', token: TEST_ADMIN_TOKEN, fetch: async (r: Request) => t.app.fetch(r) });

describe('settings', () => {
  it('start at the documented defaults', async () => {
    const { data } = await api().GET('/api/settings');
    expect(data).toEqual(DEFAULT_SETTINGS);
    expect(data).toMatchObject({ alertThreshold: 70, dailyRecapEnabled: true, excludedCategories: ['Sports'], alertEmails: [] });
  });

  it('accept comma-separated recipients and partial updates, and keep them', async () => {
    const { data, response } = await api().PUT('/api/settings', {
      body: { alertEmails: 'a@example.com, b@example.com' as unknown as string[], alertThreshold: 65 },
    });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ alertEmails: ['a@example.com', 'b@example.com'], alertThreshold: 65, dailyRecapEnabled: true });
    await api().PUT('/api/settings', { body: { dailyRecapEnabled: false } });
    const { data: after } = await api().GET('/api/settings');
    expect(after).toMatchObject({ alertEmails: ['a@example.com', 'b@example.com'], alertThreshold: 65, dailyRecapEnabled: false });
  });

  it('reject invalid values with each offending field, and change nothing', async () => {
    const before = (await api().GET('/api/settings')).data;
    const response = await t.app.request('/api/settings', {
      method: 'PUT',
      headers: { ...t.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ alertEmails: 'not-an-email', alertThreshold: 150, unknownKey: 1 }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    const paths = body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['json.alertThreshold']));
    expect(paths.some((p) => p.startsWith('json.alertEmails') || p === 'json')).toBe(true);
    expect((await api().GET('/api/settings')).data).toEqual(before);
  });

  it('are private', async () => {
    expect((await t.app.request('/api/settings')).status).toBe(401);
    expect((await t.app.request('/api/settings', { method: 'PUT', body: '{}' })).status).toBe(401);
  });
});

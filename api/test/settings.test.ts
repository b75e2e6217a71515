import { createSentinelClient } from '@sentinel/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/settings/settings.schema.ts';
import { LOOSER_THAN_SPEC_CONFIRMATION } from '../src/trader/constants.ts';
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

  it('refuse a minimum above its maximum, naming the field the change made wrong, and change nothing', async () => {
    // Some of these are looser than the spec: confirmed, so only the orderings are at stake here.
    const put = (body: object) =>
      t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...body, confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION }) });
    expect((await put({ minYesPrice: 0.8, maxYesPrice: 0.95, minPositionDollars: 20, maxPositionDollars: 40, stopLossPrice: 0.7 })).status).toBe(200);
    const before = (await api().GET('/api/settings')).data;

    // Only one side of the pair sent: checked against the stored other side.
    const lowered = await put({ maxYesPrice: 0.7, alertThreshold: 50 });
    expect(lowered.status).toBe(400);
    expect(lowered.headers.get('content-type')).toContain('application/problem+json');
    expect(((await lowered.json()) as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'json.maxYesPrice', message: 'must be at least minYesPrice (0.8)' },
    ]);
    const raised = await put({ minPositionDollars: 45 });
    expect(((await raised.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['json.minPositionDollars']);
    // Both sides sent and contradicting: the upper bound is named.
    const both = await put({ minYesPrice: 0.9, maxYesPrice: 0.85 });
    expect(((await both.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['json.maxYesPrice']);
    // The stop-loss must stay below the lowest entry price, or every entry would be sold at once.
    const stop = await put({ stopLossPrice: 0.8 });
    expect(((await stop.json()) as { errors: unknown[] }).errors).toEqual([{ path: 'json.stopLossPrice', message: 'must be below minYesPrice (0.8)' }]);
    const entry = await put({ minYesPrice: 0.7 });
    expect(((await entry.json()) as { errors: unknown[] }).errors).toEqual([{ path: 'json.minYesPrice', message: 'must be above stopLossPrice (0.7)' }]);
    expect((await api().GET('/api/settings')).data).toEqual(before);

    // Moving both bounds together in one change is fine, and equal bounds are allowed.
    expect((await put({ minYesPrice: 0.5, maxYesPrice: 0.5, stopLossPrice: 0.4 })).status).toBe(200);
    expect((await api().GET('/api/settings')).data).toMatchObject({ minYesPrice: 0.5, maxYesPrice: 0.5, stopLossPrice: 0.4 });
  });

  it('refuse a trader limit looser than the spec without the second confirmation, naming each field', async () => {
    const put = (body: object) =>
      t.app.request('/api/settings', { method: 'PUT', headers: { ...t.auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const before = (await api().GET('/api/settings')).data;
    const loose = await put({ minDepthDollars: 100, maxYesPriceForNo: 0.05, allowAddingToPositions: true, minRewardToRisk: 0.006, alertThreshold: 40 });
    expect(loose.status).toBe(409);
    const body = (await loose.json()) as { detail: string; errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['json.maxYesPriceForNo', 'json.minDepthDollars', 'json.minRewardToRisk', 'json.allowAddingToPositions']);
    expect(body.detail).toContain(LOOSER_THAN_SPEC_CONFIRMATION);
    expect((await api().GET('/api/settings')).data).toEqual(before);
    // Beyond the hard floors no confirmation helps.
    expect((await put({ minDepthDollars: 0, confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION })).status).toBe(400);
    expect((await put({ minRewardToRisk: 0.001, confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION })).status).toBe(400);
    // A wrong phrase is no confirmation; the right one applies the change.
    expect((await put({ minDepthDollars: 100, confirmLooserThanSpec: 'yes' })).status).toBe(409);
    expect((await put({ minDepthDollars: 100, confirmLooserThanSpec: LOOSER_THAN_SPEC_CONFIRMATION })).status).toBe(200);
    // Tighter than the spec needs nothing.
    expect((await put({ minDepthDollars: 5000, maxSlippage: 0.01 })).status).toBe(200);
    expect((await api().GET('/api/settings')).data).toMatchObject({ minDepthDollars: 5000, maxSlippage: 0.01 });
  });

  it('are private', async () => {
    expect((await t.app.request('/api/settings')).status).toBe(401);
    expect((await t.app.request('/api/settings', { method: 'PUT', body: '{}' })).status).toBe(401);
  });
});

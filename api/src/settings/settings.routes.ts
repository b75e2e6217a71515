import { protectedRoute } from '../lib/router.ts';
import { SettingsSchema, SettingsUpdateSchema } from './settings.schema.ts';

export const getSettingsRoute = protectedRoute({
  method: 'get',
  path: '/api/settings',
  operationId: 'getSettings',
  tags: ['Settings'],
  summary: 'Current settings (emails, threshold, recap, eligibility)',
  responses: { 200: { description: 'Settings', content: { 'application/json': { schema: SettingsSchema } } } },
});

export const putSettingsRoute = protectedRoute({
  method: 'put',
  path: '/api/settings',
  operationId: 'updateSettings',
  tags: ['Settings'],
  summary: 'Change any subset of the settings',
  request: { body: { required: true, content: { 'application/json': { schema: SettingsUpdateSchema } } } },
  responses: { 200: { description: 'The settings after the change', content: { 'application/json': { schema: SettingsSchema } } } },
});

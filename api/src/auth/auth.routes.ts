import { z } from '@hono/zod-openapi';
import { authErrorResponses } from '../lib/problem.ts';
import { protectedRoute, publicRoute } from '../lib/router.ts';

export const LoginSchema = z
  .object({ token: z.string().min(1, 'is required').max(512) })
  .openapi('LoginRequest');

export const SessionSchema = z.object({ authenticated: z.boolean() }).openapi('Session');

export const login = publicRoute({
  method: 'post',
  path: '/api/auth/login',
  operationId: 'login',
  tags: ['Auth'],
  summary: 'Exchange the admin token for a session cookie',
  description: 'Sets an httpOnly, SameSite=Strict cookie used by the web app. Attempts are rate limited per client.',
  request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
    ...authErrorResponses,
  },
});

export const logout = publicRoute({
  method: 'post',
  path: '/api/auth/logout',
  operationId: 'logout',
  tags: ['Auth'],
  summary: 'Clear the session cookie',
  responses: {
    200: { description: 'Signed out', content: { 'application/json': { schema: SessionSchema } } },
  },
});

export const getSession = publicRoute({
  method: 'get',
  path: '/api/auth/session',
  operationId: 'getSession',
  tags: ['Auth'],
  summary: 'Whether this request is signed in',
  responses: {
    200: { description: 'Session state', content: { 'application/json': { schema: SessionSchema } } },
  },
});

export const getWhoAmI = protectedRoute({
  method: 'get',
  path: '/api/auth/me',
  operationId: 'getWhoAmI',
  tags: ['Auth'],
  summary: 'Check credentials (401 without them)',
  responses: {
    200: {
      description: 'The credentials work',
      content: { 'application/json': { schema: z.object({ role: z.literal('admin') }).openapi('WhoAmI') } },
    },
  },
});

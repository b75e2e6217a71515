import { z } from '@hono/zod-openapi';
import { authErrorResponses, notFoundResponse } from '../lib/problem.ts';
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
  description: 'Sets an httpOnly, SameSite=Strict cookie naming a server-side session. Failed attempts slow down the address that made them (429 with a growing wait).',
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
  summary: 'End this session (the cookie stops working everywhere) and clear the cookie',
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

export const SessionInfoSchema = z
  .object({
    id: z.string().uuid(),
    createdAt: z.string().datetime(),
    lastSeenAt: z.string().datetime().openapi({ description: 'Updated at most every 5 minutes' }),
    expiresAt: z.string().datetime(),
    userAgent: z.string().nullable(),
    address: z.string().nullable().openapi({ description: 'The address that signed in' }),
    current: z.boolean().openapi({ description: 'The session this request came with' }),
  })
  .openapi('SessionInfo');

export const listSessionsRoute = protectedRoute({
  method: 'get',
  path: '/api/auth/sessions',
  operationId: 'listSessions',
  tags: ['Auth'],
  summary: 'Signed-in web sessions of the current admin token, newest first',
  responses: {
    200: {
      description: 'Sessions',
      content: { 'application/json': { schema: z.object({ sessions: z.array(SessionInfoSchema) }).openapi('SessionList') } },
    },
  },
});

export const revokeSessionRoute = protectedRoute({
  method: 'delete',
  path: '/api/auth/sessions/{id}',
  operationId: 'revokeSession',
  tags: ['Auth'],
  summary: 'Sign a session out (its cookie stops working at once)',
  request: { params: z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: {
      description: 'Revoked',
      content: { 'application/json': { schema: z.object({ revoked: z.literal(true) }).openapi('SessionRevoked') } },
    },
    ...notFoundResponse,
  },
});

import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { clientAddress } from '../lib/client-address.ts';
import { ProblemError } from '../lib/problem.ts';
import type { AppEnv } from '../lib/types.ts';
import { authenticate, rateLimited, throttleFor } from './middleware.ts';
import type { getSession, getWhoAmI, listSessionsRoute, login, logout, revokeSessionRoute } from './auth.routes.ts';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, createSession, listSessions, revokeSession, safeEqual, verifySession } from './session.ts';

function isSecure(c: Context<AppEnv>): boolean {
  const setting = c.get('deps').cookieSecure;
  if (setting !== 'auto') return setting === 'true';
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

const now = (c: Context<AppEnv>) => c.get('deps').now?.() ?? new Date();

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const throttle = throttleFor(deps);
  const source = clientAddress(c);
  const verdict = throttle.check(source);
  if (!verdict.allowed) throw rateLimited(c, verdict.retryAfterSeconds);
  const { token } = c.req.valid('json');
  if (!safeEqual(token, deps.adminToken)) {
    throttle.fail(source);
    c.get('logger').warn({ source }, 'sign-in with a wrong token');
    throw new ProblemError('unauthorized', 401, 'That is not the admin token.');
  }
  throttle.succeed(source);
  const session = await createSession(deps.db.prisma, deps.adminToken, { userAgent: c.req.header('user-agent'), address: source }, now(c));
  setCookie(c, SESSION_COOKIE, session.cookie, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c),
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
  return c.json({ authenticated: true }, 200);
};

export const logoutHandler: RouteHandler<typeof logout, AppEnv> = async (c) => {
  const deps = c.get('deps');
  // The row goes, so a copy of the cookie taken earlier stops working too.
  const sessionId = await verifySession(deps.db.prisma, deps.adminToken, getCookie(c, SESSION_COOKIE), now(c));
  if (sessionId) await revokeSession(deps.db.prisma, sessionId);
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isSecure(c) });
  return c.json({ authenticated: false }, 200);
};

export const getSessionHandler: RouteHandler<typeof getSession, AppEnv> = async (c) => {
  const result = await authenticate(c);
  return c.json({ authenticated: result.ok }, 200);
};

export const getWhoAmIHandler: RouteHandler<typeof getWhoAmI, AppEnv> = async (c) => c.json({ role: 'admin' as const }, 200);

export const listSessionsHandler: RouteHandler<typeof listSessionsRoute, AppEnv> = async (c) => {
  const deps = c.get('deps');
  const auth = c.get('auth');
  const current = auth?.via === 'session' ? auth.sessionId : null;
  const rows = await listSessions(deps.db.prisma, deps.adminToken, now(c));
  return c.json(
    {
      sessions: rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
        userAgent: r.userAgent,
        address: r.address,
        current: r.id === current,
      })),
    },
    200,
  );
};

export const revokeSessionHandler: RouteHandler<typeof revokeSessionRoute, AppEnv> = async (c) => {
  const { id } = c.req.valid('param');
  if (!(await revokeSession(c.get('deps').db.prisma, id))) throw new ProblemError('not-found', 404, 'No such session.');
  c.get('logger').info({ sessionId: id }, 'session revoked');
  return c.json({ revoked: true as const }, 200);
};

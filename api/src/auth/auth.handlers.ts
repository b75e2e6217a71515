import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ProblemError } from '../lib/problem.ts';
import { WindowRateLimiter } from '../lib/rate-limit.ts';
import type { AppEnv } from '../lib/types.ts';
import { isAuthenticated } from './middleware.ts';
import type { getSession, getWhoAmI, login, logout } from './auth.routes.ts';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, createSessionValue, safeEqual } from './session.ts';

/** Ten tries per client per 15 minutes makes guessing a 256-bit token hopeless and cheap to refuse. */
export const LOGIN_ATTEMPTS_PER_WINDOW = 10;
const loginLimiters = new WeakMap<object, WindowRateLimiter>();

function limiterFor(deps: object): WindowRateLimiter {
  let limiter = loginLimiters.get(deps);
  if (!limiter) {
    limiter = new WindowRateLimiter(LOGIN_ATTEMPTS_PER_WINDOW, 15 * 60_000);
    loginLimiters.set(deps, limiter);
  }
  return limiter;
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function isSecure(c: Context<AppEnv>): boolean {
  const setting = c.get('deps').cookieSecure;
  if (setting !== 'auto') return setting === 'true';
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const deps = c.get('deps');
  if (!limiterFor(deps).attempt(clientAddress(c))) {
    throw new ProblemError('rate-limited', 429, 'Too many sign-in attempts; wait 15 minutes.');
  }
  const { token } = c.req.valid('json');
  if (!safeEqual(token, deps.adminToken)) {
    c.get('logger').warn('sign-in with a wrong token');
    throw new ProblemError('unauthorized', 401, 'That is not the admin token.');
  }
  setCookie(c, SESSION_COOKIE, createSessionValue(deps.adminToken), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c),
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
  return c.json({ authenticated: true }, 200);
};

export const logoutHandler: RouteHandler<typeof logout, AppEnv> = async (c) => {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isSecure(c) });
  return c.json({ authenticated: false }, 200);
};

export const getSessionHandler: RouteHandler<typeof getSession, AppEnv> = async (c) => {
  const authenticated = isAuthenticated(
    c.req.header('authorization'),
    getCookie(c, SESSION_COOKIE),
    c.get('deps').adminToken,
  );
  return c.json({ authenticated }, 200);
};

export const getWhoAmIHandler: RouteHandler<typeof getWhoAmI, AppEnv> = async (c) => c.json({ role: 'admin' as const }, 200);

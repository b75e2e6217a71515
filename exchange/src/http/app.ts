import { Hono } from 'hono';
import type { Account } from '../accounts/accounts.ts';
import { verifyRequest } from '../auth/verify.ts';
import type { Engine } from '../engine/exchange.ts';
import type { Faults } from '../faults/faults.ts';
import type { Scenarios } from '../scenarios/scenarios.ts';
import { controlRoutes } from './control.ts';
import { portfolioRoutes } from './portfolio.ts';
import { publicRoutes } from './public.ts';
import { errorBody, HttpError, json } from './util.ts';

export const API_PREFIX = '/trade-api/v2';

export function buildApp(e: Engine, faults: Faults, scenarios: Scenarios, opts: { authWindowMs: number; info: () => Record<string, unknown> }): Hono {
  const root = new Hono();
  const api = new Hono<{ Variables: { account: Account } }>();

  api.use('*', async (c, next) => {
    if (faults.cfg.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.cfg.latencyMs));
    // a faulted request fails before touching state, so a retry always gets the truth
    const f = faults.requestFault();
    if (f) return json(c, f.status, f.body);
    await next();
  });

  const needsAuth = (p: string) => p.startsWith(`${API_PREFIX}/portfolio`) || p === `${API_PREFIX}/account/limits`;
  api.use('*', async (c, next) => {
    const hdr = c.req.header('KALSHI-ACCESS-KEY');
    if (!needsAuth(c.req.path)) return next();
    const r = verifyRequest(
      e.keys,
      { key: hdr, timestamp: c.req.header('KALSHI-ACCESS-TIMESTAMP'), signature: c.req.header('KALSHI-ACCESS-SIGNATURE') },
      c.req.method,
      c.req.path,
      { windowMs: opts.authWindowMs },
    );
    if (!r.ok) return json(c, 401, errorBody('authentication_error', r.message));
    c.set('account', e.accounts.get(r.key.userId)!);
    return next();
  });

  publicRoutes(api as unknown as Hono, e, faults);
  portfolioRoutes(api, e, faults);
  api.notFound((c) => json(c, 404, errorBody('not_found', 'not found')));
  api.onError((err, c) => {
    if (err instanceof HttpError) return json(c, err.status, errorBody(err.code, err.message));
    console.error(err);
    return json(c, 500, errorBody('internal_server_error', 'internal server error'));
  });

  root.route(API_PREFIX, api);
  const ctl = new Hono();
  controlRoutes(ctl, e, faults, scenarios, opts.info);
  ctl.onError((err, c) => {
    if (err instanceof HttpError) return json(c, err.status, errorBody(err.code, err.message));
    console.error(err);
    return json(c, 500, errorBody('internal_server_error', String(err)));
  });
  root.route('/', ctl);
  root.notFound((c) => json(c, 404, errorBody('not_found', 'not found')));
  return root;
}

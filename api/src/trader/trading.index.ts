import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../lib/types.ts';
import { createRouter } from '../lib/router.ts';
import * as h from './trading.handlers.ts';
import * as r from './trading.routes.ts';

// Typed as a plain router: the app's route-type union would grow too complex to check.
export const tradingRouter: OpenAPIHono<AppEnv> = createRouter()
  .openapi(r.summaryRoute, h.summaryHandler)
  .openapi(r.positionsRoute, h.positionsHandler)
  .openapi(r.tradesRoute, h.tradesHandler)
  .openapi(r.decisionsRoute, h.decisionsHandler)
  .openapi(r.qualifyingRoute, h.qualifyingHandler)
  .openapi(r.reportsRoute, h.reportsHandler)
  .openapi(r.backtestRoute, h.backtestHandler)
  .openapi(r.resumeRoute, h.resumeHandler)
  .openapi(r.modeRoute, h.modeHandler)
  .openapi(r.kalshiDiagnosticsRoute, h.kalshiDiagnosticsHandler)
  .openapi(r.aiDiagnosticsRoute, h.aiDiagnosticsHandler);

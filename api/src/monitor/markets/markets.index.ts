import { createRouter } from '../../lib/router.ts';
import * as h from './markets.handlers.ts';
import * as r from './markets.routes.ts';

export const marketsRouter = createRouter()
  .openapi(r.listMarketsRoute, h.listMarketsHandler)
  .openapi(r.categoriesRoute, h.categoriesHandler)
  .openapi(r.getMarketRoute, h.getMarketHandler)
  .openapi(r.watchRoute, h.watchHandler)
  .openapi(r.unwatchRoute, h.unwatchHandler)
  .openapi(r.dismissRoute, h.dismissHandler)
  .openapi(r.undismissRoute, h.undismissHandler);

import { createRouter } from '../lib/router.ts';
import { getSessionHandler, getWhoAmIHandler, listSessionsHandler, loginHandler, logoutHandler, revokeSessionHandler } from './auth.handlers.ts';
import { getSession, getWhoAmI, listSessionsRoute, login, logout, revokeSessionRoute } from './auth.routes.ts';

export const authRouter = createRouter()
  .openapi(login, loginHandler)
  .openapi(logout, logoutHandler)
  .openapi(getSession, getSessionHandler)
  .openapi(getWhoAmI, getWhoAmIHandler)
  .openapi(listSessionsRoute, listSessionsHandler)
  .openapi(revokeSessionRoute, revokeSessionHandler);

import { createRouter } from '../lib/router.ts';
import { getSessionHandler, getWhoAmIHandler, loginHandler, logoutHandler } from './auth.handlers.ts';
import { getSession, getWhoAmI, login, logout } from './auth.routes.ts';

export const authRouter = createRouter()
  .openapi(login, loginHandler)
  .openapi(logout, logoutHandler)
  .openapi(getSession, getSessionHandler)
  .openapi(getWhoAmI, getWhoAmIHandler);

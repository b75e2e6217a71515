import { createRouter } from '../lib/router.ts';
import { exportHandler } from './exports.handlers.ts';
import { exportRoute } from './exports.routes.ts';

export const exportsRouter = createRouter().openapi(exportRoute, exportHandler);

// The OpenAPI document and a Swagger UI page over it. Swagger UI's assets are served from
// the installed swagger-ui-dist package, so the docs work without internet access.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';
import { contentSecurityPolicy, inlineScriptHashes } from '../lib/csp.ts';
import type { AppEnv } from '../lib/types.ts';

const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);
const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  png: 'image/png',
};

const swaggerPage = swaggerUI({ url: '/api/openapi.json', baseUrl: '/api/docs/assets', title: 'Kalshi Sentinel API', persistAuthorization: true });

export const docsRouter = new Hono<AppEnv>()
  .get('/api/docs', async (c, next) => {
    const page = (await swaggerPage(c as never, next)) as Response;
    // Swagger UI configures itself in an inline script: allow exactly that one by its hash.
    const html = await page.text();
    return c.html(html, 200, { 'Content-Security-Policy': contentSecurityPolicy(inlineScriptHashes(html)) });
  })
  .get('/api/docs/assets/swagger-ui-dist/:file', async (c) => {
    const file = c.req.param('file');
    if (!SWAGGER_ASSETS.has(file)) return c.notFound();
    const body = await readFile(join(swaggerDir, file));
    return c.body(body, 200, {
      'Content-Type': CONTENT_TYPES[file.split('.').pop()!] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=86400',
    });
  });

// Builds the OpenAPI document without a database or network: route declarations are
// static, so the exported file and what the running app serves are the same by design.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, openApiDocument } from './app.ts';
import type { AppDeps } from './lib/types.ts';

export const API_VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

export function buildOpenApiDocument() {
  const unreachable = () => {
    throw new Error('the OpenAPI document is built without a database');
  };
  const deps: AppDeps = {
    db: { prisma: null as never, pool: null as never, kind: 'embedded', ping: unreachable },
    logger: pino({ level: 'silent' }),
    adminToken: 'x'.repeat(32),
    version: API_VERSION,
    startedAt: new Date(0),
    corsOrigins: [],
    cookieSecure: 'auto',
    bodyLimitBytes: 1_048_576,
  };
  return openApiDocument(createApp(deps), API_VERSION);
}

export const OPENAPI_PATH = join(import.meta.dirname, '../../openapi/openapi.json');

export function serializeDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

// Serves the built SPA so one process and one URL serve everything. Unknown paths outside
// /api fall back to the SPA's shell, which routes on the client (deep links work).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';
import { setHtmlPolicy } from '../lib/csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const SPA_FALLBACK = '200.html';

async function fileIn(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return candidate;
    if (info.isDirectory()) {
      const index = join(candidate, 'index.html');
      if ((await stat(index).catch(() => null))?.isFile()) return index;
    }
  } catch {
    // not there: the caller falls back to the SPA shell
  }
  return null;
}

/** Answers a GET for the SPA, or returns null when there is no built SPA to serve. */
export async function serveSpa(c: Context, webDir: string | undefined): Promise<Response | null> {
  if (!webDir) return null;
  const root = normalize(webDir);
  const file = (await fileIn(root, c.req.path)) ?? (await fileIn(root, `/${SPA_FALLBACK}`));
  if (!file) return null;
  const body = await readFile(file);
  if (extname(file) === '.html') setHtmlPolicy(c, body.toString('utf8'));
  // Hashed build output never changes; the shell must always be fresh.
  const immutable = c.req.path.startsWith('/_app/immutable/');
  return c.body(body, 200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}

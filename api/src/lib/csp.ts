// One Content-Security-Policy for every response. Scripts run only from this origin or, for
// the inline boot script of an HTML page this server sends (the SPA shell, Swagger UI), when
// their SHA-256 is listed: the hashes are computed from the page itself as it is served, so
// the header always agrees with the build (which carries the same hash in a <meta> tag, from
// kit.csp in web/vite.config.ts). No 'unsafe-inline' for scripts.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** 'sha256-…' sources for every inline <script> in `html`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    hashes.add(`'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.length ? ` ${scriptHashes.join(' ')}` : ''}`,
    // Svelte and Swagger UI set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** For handlers that send HTML: the policy with that page's inline scripts allowed. */
export function setHtmlPolicy(c: Context, html: string): void {
  c.header('Content-Security-Policy', contentSecurityPolicy(inlineScriptHashes(html)));
}

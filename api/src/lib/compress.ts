// gzip for whole responses, in one piece. Hono's compress() pipes every body through a web
// CompressionStream: under load (bench:load, 50 connections) that stream and the many small
// socket writes it causes took about a quarter of the API's CPU. Our JSON answers and the SPA's
// files are complete before they are sent, so they are compressed whole and written once:
// on the event loop when small (zlib's thread pool costs more CPU than it saves below ~64 KB:
// 0.45 ms against 0.12 ms for a 10 KB list), on the thread pool when large.
// Streams (the live event stream) are never buffered: they pass through untouched.
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

const gzip = promisify(gzipCallback);
/** Bodies up to this size are compressed on the event loop (see above). */
const SYNC_LIMIT_BYTES = 64 * 1024;
/** Below this, gzip's header and framing cost more than they save. */
export const GZIP_MIN_BYTES = 1024;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Whether the client takes gzip: named (or `*`) in Accept-Encoding with a q above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip') return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

export function compressResponses(options: { thresholdBytes?: number } = {}): MiddlewareHandler {
  const threshold = options.thresholdBytes ?? GZIP_MIN_BYTES;
  return async (c, next) => {
    await next();
    const res = c.res;
    // Only headers and status here: reading the body turns @hono/node-server's lightweight
    // response into a full web Response, which is worth it only when the body is compressed.
    const headers = res.headers;
    if (
      c.req.method === 'HEAD' ||
      res.status === 206 ||
      headers.has('Content-Encoding') ||
      headers.has('Transfer-Encoding') ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('Content-Type') ?? '') ||
      NO_TRANSFORM.test(headers.get('Cache-Control') ?? '')
    ) {
      return;
    }
    const vary = headers.get('Vary');
    if (vary !== '*' && !/accept-encoding/i.test(vary ?? '')) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const length = Number(headers.get('Content-Length') ?? Number.NaN);
    if (!acceptsGzip(c.req.header('Accept-Encoding')) || length < threshold || !res.body) return;
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length < threshold) return replace(c, body, res.status, headers);
    const compressed = body.length <= SYNC_LIMIT_BYTES ? gzipSync(body) : await gzip(body);
    headers.set('Content-Encoding', 'gzip');
    headers.set('Content-Length', String(compressed.length));
    const etag = headers.get('ETag');
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    replace(c, compressed, res.status, headers);
  };
}

function replace(c: Context, body: ConstructorParameters<typeof Response>[0], status: number, headers: Headers) {
  // Setting c.res merges the old response's headers into the new one (its Content-Length
  // among them); clearing it first keeps exactly the headers given here.
  c.res = undefined;
  c.res = new Response(body, { status, headers });
}

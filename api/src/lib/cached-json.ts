// Answers the hot shared reads (dashboard list, alert list, monitor summary) from the read cache
// as ready bytes: the JSON text is written once per cache entry and gzipped once, on the first
// request that takes gzip, instead of serialising and compressing the same answer for every
// dashboard that asks. Under bench:load this was a quarter of the API's CPU.
import { gzipSync } from 'node:zlib';
import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { GZIP_MIN_BYTES, acceptsGzip } from './compress.ts';
import type { AppEnv } from './types.ts';

interface Serialized {
  json: string;
  gzipped?: Buffer;
}

export async function cachedJson<T>(c: Context<AppEnv>, key: string, load: () => Promise<T>): Promise<TypedResponse<JSONParsed<T>, 200, 'json'>> {
  const entry = await c.get('readCache').get<Serialized>(key, async () => ({ json: JSON.stringify(await load()) }));
  c.header('Content-Type', 'application/json');
  c.header('Vary', 'Accept-Encoding');
  let body: string | Buffer = entry.json;
  if (entry.json.length >= GZIP_MIN_BYTES && acceptsGzip(c.req.header('Accept-Encoding'))) {
    entry.gzipped ??= gzipSync(entry.json);
    body = entry.gzipped;
    // compressResponses leaves an answer that already has an encoding alone.
    c.header('Content-Encoding', 'gzip');
  }
  // The bytes are exactly what c.json(value) would send; the typed-response marker says so.
  return c.body(body as unknown as string, 200) as unknown as TypedResponse<JSONParsed<T>, 200, 'json'>;
}

import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressResponses } from './compress.ts';

const big = { items: Array.from({ length: 200 }, (_, i) => ({ i, text: `row ${i} of a list long enough to compress` })) };

function app() {
  const a = new Hono();
  a.use('*', compressResponses());
  a.get('/big', (c) => {
    c.header('ETag', '"v1"');
    return c.json(big);
  });
  a.get('/small', (c) => c.json({ ok: true }));
  a.get('/png', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png' }));
  a.get('/no-transform', (c) => c.json(big, 200, { 'Cache-Control': 'no-transform' }));
  a.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'tick', data: 'x'.repeat(2000) });
    }),
  );
  return a;
}

describe('compressResponses', () => {
  it('gzips a large JSON answer whole, with an exact length, Vary and a weak ETag', async () => {
    const res = await app().request('/big', { headers: { 'Accept-Encoding': 'br, gzip;q=0.8' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    expect(res.headers.get('ETag')).toBe('W/"v1"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('Content-Length'))).toBe(bytes.length);
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(big);
    expect(res.headers.get('Content-Type')).toMatch(/application\/json/);
  });

  it('sends identity to a client that does not take gzip, still saying Vary', async () => {
    for (const accept of [undefined, 'identity', 'gzip;q=0', 'br']) {
      const res = await app().request('/big', { headers: accept ? { 'Accept-Encoding': accept } : {} });
      expect(res.headers.get('Content-Encoding')).toBeNull();
      expect(res.headers.get('Vary')).toBe('Accept-Encoding');
      expect(await res.json()).toEqual(big);
    }
  });

  it('leaves small answers, binary types and no-transform answers alone', async () => {
    const h = { 'Accept-Encoding': 'gzip' };
    expect((await app().request('/small', { headers: h })).headers.get('Content-Encoding')).toBeNull();
    expect((await app().request('/png', { headers: h })).headers.get('Content-Encoding')).toBeNull();
    const nt = await app().request('/no-transform', { headers: h });
    expect(nt.headers.get('Content-Encoding')).toBeNull();
    expect(await nt.json()).toEqual(big);
  });

  it('never buffers an event stream', async () => {
    const res = await app().request('/stream', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(await res.text()).toContain('event: tick');
  });

  it('reads Accept-Encoding with q-values and wildcards', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

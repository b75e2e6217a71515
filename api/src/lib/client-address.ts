import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The connecting address: the key for credential throttling and stream caps. X-Forwarded-For
 * is trusted only for as many hops as TRUST_PROXY_HOPS says (anyone can send the header):
 * behind one reverse proxy (TRUST_PROXY_HOPS=1) the client is the last address the proxy
 * appended; with 0 (the default) every client behind a proxy shares the proxy's address.
 */
export function clientAddress(c: Context): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // not served by the Node adapter (tests calling app.fetch without bindings)
  }
  const hops = (c.get('deps') as { trustProxyHops?: number } | undefined)?.trustProxyHops ?? 0;
  if (hops <= 0) return socket;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // [client, proxy1, …]: the entry `hops` from the end was written by the outermost trusted proxy.
  return forwarded[forwarded.length - hops] ?? socket;
}

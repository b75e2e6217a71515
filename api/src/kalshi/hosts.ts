/**
 * Kalshi Trade API v2 hosts (NOTES §1). The `external-api` hosts are the recommended ones since 2026-05-07;
 * the `*.elections.kalshi.com` / `demo-api.kalshi.co` hosts are still supported.
 */
export const KALSHI_PRODUCTION_API_BASE = 'https://external-api.kalshi.com/trade-api/v2';
export const KALSHI_PRODUCTION_WS_URL = 'wss://external-api-ws.kalshi.com/trade-api/ws/v2';
export const KALSHI_DEMO_API_BASE = 'https://external-api.demo.kalshi.co/trade-api/v2';
export const KALSHI_DEMO_WS_URL = 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2';

/** Also-supported legacy hosts (same API). */
export const KALSHI_PRODUCTION_API_BASE_ALT = 'https://api.elections.kalshi.com/trade-api/v2';
export const KALSHI_PRODUCTION_WS_URL_ALT = 'wss://api.elections.kalshi.com/trade-api/ws/v2';
export const KALSHI_DEMO_API_BASE_ALT = 'https://demo-api.kalshi.co/trade-api/v2';
export const KALSHI_DEMO_WS_URL_ALT = 'wss://demo-api.kalshi.co/trade-api/ws/v2';

export const DEFAULT_KALSHI_API_BASE = KALSHI_PRODUCTION_API_BASE;

/** Path of the WebSocket endpoint; it is also what the handshake signs (`GET` + this path). */
export const KALSHI_WS_PATH = '/trade-api/ws/v2';

const KNOWN_WS: Record<string, string> = {
  [KALSHI_PRODUCTION_API_BASE]: KALSHI_PRODUCTION_WS_URL,
  [KALSHI_PRODUCTION_API_BASE_ALT]: KALSHI_PRODUCTION_WS_URL_ALT,
  [KALSHI_DEMO_API_BASE]: KALSHI_DEMO_WS_URL,
  [KALSHI_DEMO_API_BASE_ALT]: KALSHI_DEMO_WS_URL_ALT,
};

/** Normalises a REST base: no trailing slash. */
export function normalizeApiBase(base: string): string {
  return base.replace(/\/+$/, '');
}

/**
 * Derives the WebSocket URL from a REST base URL.
 * - Known Kalshi hosts map to their documented WS hosts (production REST `external-api.kalshi.com`
 *   → WS `external-api-ws.kalshi.com`).
 * - Any other base (a local exchange, a proxy) keeps its host and swaps `http(s)` → `ws(s)` and
 *   `/trade-api/v2` → `/trade-api/ws/v2`.
 */
export function deriveWsUrl(apiBase: string): string {
  const base = normalizeApiBase(apiBase);
  const known = KNOWN_WS[base];
  if (known) return known;
  const url = new URL(base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const p = url.pathname.replace(/\/+$/, '');
  url.pathname = p.endsWith('/trade-api/v2') ? p.slice(0, -'/trade-api/v2'.length) + KALSHI_WS_PATH : KALSHI_WS_PATH;
  return url.toString().replace(/\/+$/, '');
}

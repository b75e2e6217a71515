import { constants, verify } from 'node:crypto';
import type { ApiKey } from '../accounts/accounts.ts';

export interface AuthHeaders {
  key: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type AuthResult = { ok: true; key: ApiKey } | { ok: false; message: string };

/**
 * Kalshi request signing: base64 RSA-PSS(SHA-256, MGF1 SHA-256, salt 32) over
 * `timestamp + METHOD + path` where path includes /trade-api/v2 and excludes the query.
 * Ed25519 keys sign the same text. Timestamps are checked against wall-clock time (not the
 * simulated clock) because clients sign with their real clock.
 */
export function verifyRequest(
  keys: Map<string, ApiKey>,
  h: AuthHeaders,
  method: string,
  path: string,
  opts: { windowMs: number; nowMs?: number },
): AuthResult {
  if (!h.key || !h.timestamp || !h.signature) return { ok: false, message: 'missing authentication headers' };
  const key = keys.get(h.key);
  if (!key) return { ok: false, message: 'unknown api key' };
  if (!/^\d{10,16}$/.test(h.timestamp)) return { ok: false, message: 'invalid timestamp' };
  const ts = Number(h.timestamp);
  const now = opts.nowMs ?? Date.now();
  if (Math.abs(now - ts) > opts.windowMs) return { ok: false, message: 'request timestamp outside the allowed window' };
  const pathOnly = path.split('?')[0]!;
  const msg = Buffer.from(`${h.timestamp}${method.toUpperCase()}${pathOnly}`);
  let sig: Buffer;
  try {
    sig = Buffer.from(h.signature, 'base64');
  } catch {
    return { ok: false, message: 'invalid signature encoding' };
  }
  let good = false;
  try {
    if (key.publicKey.asymmetricKeyType === 'ed25519') good = verify(null, msg, key.publicKey, sig);
    else good = verify('sha256', msg, { key: key.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
  } catch {
    good = false;
  }
  return good ? { ok: true, key } : { ok: false, message: 'invalid signature' };
}

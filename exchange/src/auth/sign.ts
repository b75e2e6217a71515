import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** Client-side signing helper (tests, demo scripts): Kalshi's exact scheme. */
export function signRequest(keyId: string, privateKey: KeyObject | string, method: string, path: string, timestampMs = Date.now()): Record<string, string> {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const ts = String(timestampMs);
  const msg = Buffer.from(`${ts}${method.toUpperCase()}${path.split('?')[0]}`);
  const sig = key.asymmetricKeyType === 'ed25519'
    ? sign(null, msg, key)
    : sign('sha256', msg, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return { 'KALSHI-ACCESS-KEY': keyId, 'KALSHI-ACCESS-TIMESTAMP': ts, 'KALSHI-ACCESS-SIGNATURE': sig.toString('base64') };
}

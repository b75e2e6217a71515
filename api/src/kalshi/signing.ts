/**
 * Kalshi request signing (NOTES §2).
 *
 * Pre-sign text: `timestamp_ms + METHOD + path`, where path is the URL path from the host root including
 * `/trade-api/v2` and excluding the query string. RSA keys sign with RSA-PSS / SHA-256 / MGF1(SHA-256) /
 * salt length 32; Ed25519 keys (PKCS#8) sign the same text with plain Ed25519. The signature is base64.
 *
 * The private key lives only inside a closure as a node:crypto KeyObject: it is not a property of the
 * signer, so it cannot be serialised, logged or copied into an error by accident.
 */
import { constants, createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface KalshiCredentials {
  /** API key id (a UUID). */
  keyId: string;
  /** PEM private key (PKCS#1 RSA, PKCS#8 RSA or PKCS#8 Ed25519). Literal `\n` escapes are accepted. */
  privateKeyPem?: string;
  /** Path to a PEM file; used when `privateKeyPem` is not given. */
  privateKeyPath?: string;
}

export interface AuthHeaders {
  'KALSHI-ACCESS-KEY': string;
  'KALSHI-ACCESS-TIMESTAMP': string;
  'KALSHI-ACCESS-SIGNATURE': string;
}

export interface KalshiSigner {
  readonly keyType: 'rsa' | 'ed25519';
  /** Headers for one request. `path` may contain a query string; it is stripped before signing. */
  headers(method: string, path: string, timestampMs?: number): AuthHeaders;
  /** Raw base64 signature of an arbitrary pre-sign text (exposed for tests). */
  signText(text: string): string;
}

export class KalshiKeyError extends Error {
  override readonly name = 'KalshiKeyError';
}

/** The pre-sign text for a request: `${timestampMs}${METHOD}${pathWithoutQuery}`. */
export function presignText(timestampMs: number | string, method: string, path: string): string {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  return `${timestampMs}${method.toUpperCase()}${bare}`;
}

/** Accepts PEMs pasted into env vars with literal `\n` sequences or surrounding quotes. */
export function normalizePem(pem: string): string {
  let s = pem.trim();
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) s = s.slice(1, -1);
  if (!s.includes('\n') && s.includes('\\n')) s = s.replace(/\\n/g, '\n');
  return s.replace(/\r\n/g, '\n');
}

function loadKey(creds: KalshiCredentials): KeyObject {
  let pem = creds.privateKeyPem;
  if (!pem && creds.privateKeyPath) {
    try {
      pem = readFileSync(creds.privateKeyPath, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new KalshiKeyError(`cannot read the Kalshi private key file (${code})`);
    }
  }
  if (!pem) throw new KalshiKeyError('no Kalshi private key configured (privateKeyPem or privateKeyPath)');
  try {
    return createPrivateKey({ key: normalizePem(pem), format: 'pem' });
  } catch {
    // Never attach the original error: some OpenSSL messages quote parts of the input.
    throw new KalshiKeyError('the Kalshi private key is not a valid PEM private key (expected RSA or Ed25519)');
  }
}

export function createSigner(creds: KalshiCredentials, now: () => number = Date.now): KalshiSigner {
  if (!creds.keyId || typeof creds.keyId !== 'string') throw new KalshiKeyError('no Kalshi API key id configured');
  const key = loadKey(creds);
  const t = key.asymmetricKeyType;
  let keyType: 'rsa' | 'ed25519';
  if (t === 'rsa' || t === 'rsa-pss') keyType = 'rsa';
  else if (t === 'ed25519') keyType = 'ed25519';
  else throw new KalshiKeyError(`unsupported Kalshi key type ${String(t)} (expected RSA or Ed25519)`);
  const keyId = creds.keyId.trim();

  const signText = (text: string): string => {
    const data = Buffer.from(text, 'utf8');
    const sig =
      keyType === 'rsa'
        ? cryptoSign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : cryptoSign(null, data, key);
    return sig.toString('base64');
  };

  const signer: KalshiSigner = {
    keyType,
    signText,
    headers(method, path, timestampMs = now()) {
      const ts = String(Math.trunc(timestampMs));
      return {
        'KALSHI-ACCESS-KEY': keyId,
        'KALSHI-ACCESS-TIMESTAMP': ts,
        'KALSHI-ACCESS-SIGNATURE': signText(presignText(ts, method, path)),
      };
    },
  };
  // Make accidental serialisation harmless.
  Object.defineProperty(signer, 'toJSON', { value: () => ({ keyType }), enumerable: false });
  return signer;
}

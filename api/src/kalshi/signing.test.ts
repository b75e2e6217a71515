import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KalshiKeyError, createSigner, normalizePem, presignText } from './signing.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const rsaPkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ed = generateKeyPairSync('ed25519');
const edPkcs8 = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY_ID = '3f1c9c1e-1111-4222-8333-444455556666';

function verifyPss(text: string, sigB64: string, saltLength: number): boolean {
  return verify('sha256', Buffer.from(text), { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, Buffer.from(sigB64, 'base64'));
}

describe('presignText', () => {
  it('is timestamp + METHOD + path, query stripped', () => {
    expect(presignText(1703123456789, 'get', '/trade-api/v2/portfolio/balance')).toBe('1703123456789GET/trade-api/v2/portfolio/balance');
    expect(presignText('1703123456789', 'GET', '/trade-api/v2/portfolio/orders?limit=5&cursor=abc')).toBe('1703123456789GET/trade-api/v2/portfolio/orders');
    expect(presignText(1, 'DELETE', '/trade-api/v2/portfolio/events/orders/abc')).toBe('1DELETE/trade-api/v2/portfolio/events/orders/abc');
    expect(presignText(1, 'GET', '/trade-api/ws/v2')).toBe('1GET/trade-api/ws/v2');
  });
});

describe('RSA-PSS signer', () => {
  it('signs with RSA-PSS SHA-256, MGF1 SHA-256, salt length 32, base64', () => {
    const signer = createSigner({ keyId: KEY_ID, privateKeyPem: rsaPkcs1 });
    expect(signer.keyType).toBe('rsa');
    const h = signer.headers('GET', '/trade-api/v2/portfolio/balance?subaccount=0', 1703123456789);
    expect(h['KALSHI-ACCESS-KEY']).toBe(KEY_ID);
    expect(h['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789');
    expect(h['KALSHI-ACCESS-SIGNATURE']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(h['KALSHI-ACCESS-SIGNATURE'], 'base64')).toHaveLength(256);
    const text = '1703123456789GET/trade-api/v2/portfolio/balance';
    expect(verifyPss(text, h['KALSHI-ACCESS-SIGNATURE'], 32)).toBe(true);
    // Salt length really is 32 (a verifier demanding another length rejects it) …
    expect(verifyPss(text, h['KALSHI-ACCESS-SIGNATURE'], 20)).toBe(false);
    expect(verifyPss(text, h['KALSHI-ACCESS-SIGNATURE'], 64)).toBe(false);
    // … and the query string was not signed.
    expect(verifyPss(`${text}?subaccount=0`, h['KALSHI-ACCESS-SIGNATURE'], 32)).toBe(false);
    // PSS is randomised: two signatures differ, both verify.
    const h2 = signer.headers('GET', '/trade-api/v2/portfolio/balance', 1703123456789);
    expect(h2['KALSHI-ACCESS-SIGNATURE']).not.toBe(h['KALSHI-ACCESS-SIGNATURE']);
    expect(verifyPss(text, h2['KALSHI-ACCESS-SIGNATURE'], 32)).toBe(true);
  });

  it('accepts PKCS#8 RSA, env-style escaped newlines, quotes and a file path', () => {
    const escaped = `"${rsaPkcs1.trim().replace(/\n/g, '\\n')}"`;
    expect(normalizePem(escaped)).toBe(rsaPkcs1.trim());
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-key-'));
    const file = join(dir, 'key.pem');
    writeFileSync(file, rsaPkcs8);
    for (const creds of [{ privateKeyPem: rsaPkcs8 }, { privateKeyPem: escaped }, { privateKeyPath: file }]) {
      const s = createSigner({ keyId: KEY_ID, ...creds });
      const h = s.headers('POST', '/trade-api/v2/portfolio/events/orders', 42);
      expect(verifyPss('42POST/trade-api/v2/portfolio/events/orders', h['KALSHI-ACCESS-SIGNATURE'], 32)).toBe(true);
    }
  });

  it('uses the injected clock for the timestamp (milliseconds)', () => {
    const s = createSigner({ keyId: KEY_ID, privateKeyPem: rsaPkcs1 }, () => 1_700_000_000_123.9);
    expect(s.headers('GET', '/x')['KALSHI-ACCESS-TIMESTAMP']).toBe('1700000000123');
  });
});

describe('Ed25519 signer', () => {
  it('signs the same pre-sign text with Ed25519 (PKCS#8)', () => {
    const s = createSigner({ keyId: KEY_ID, privateKeyPem: edPkcs8 });
    expect(s.keyType).toBe('ed25519');
    const h = s.headers('GET', '/trade-api/ws/v2', 1234);
    expect(verify(null, Buffer.from('1234GET/trade-api/ws/v2'), ed.publicKey, Buffer.from(h['KALSHI-ACCESS-SIGNATURE'], 'base64'))).toBe(true);
  });
});

describe('key hygiene', () => {
  it('the signer does not expose the key when serialised or inspected', () => {
    const s = createSigner({ keyId: KEY_ID, privateKeyPem: rsaPkcs1 });
    const body = rsaPkcs1.split('\n')[2]!;
    expect(JSON.stringify(s)).not.toContain(body);
    expect(inspect(s, { depth: 10, showHidden: true })).not.toContain(body);
    expect(Object.values(s).some((v) => typeof v === 'string' && v.includes('PRIVATE'))).toBe(false);
  });

  it('bad keys fail with a message that quotes nothing of the input', () => {
    const bogus = '-----BEGIN RSA PRIVATE KEY-----\nSECRETSECRETSECRET\n-----END RSA PRIVATE KEY-----';
    let err: unknown;
    try {
      createSigner({ keyId: KEY_ID, privateKeyPem: bogus });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KalshiKeyError);
    expect(inspect(err, { depth: 10 })).not.toContain('SECRETSECRET');
    expect((err as Error).cause).toBeUndefined();
    expect(() => createSigner({ keyId: KEY_ID, privateKeyPath: '/nonexistent/key.pem' })).toThrow(/cannot read/);
    expect(() => createSigner({ keyId: '', privateKeyPem: rsaPkcs1 })).toThrow(KalshiKeyError);
    expect(() => createSigner({ keyId: KEY_ID })).toThrow(KalshiKeyError);
  });

  it('rejects unsupported key types', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => createSigner({ keyId: KEY_ID, privateKeyPem: ec })).toThrow(/unsupported/);
  });
});

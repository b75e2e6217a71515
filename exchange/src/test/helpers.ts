import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signRequest } from '../auth/sign.ts';

export interface TestKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function makeKey(keyId: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keyId, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Signed fetch against a running exchange, exactly as a Kalshi client signs. */
export async function signedFetch(url: string, key: TestKey, method = 'GET', body?: unknown, ts?: number): Promise<{ status: number; json: any }> {
  const u = new URL(url);
  const headers: Record<string, string> = { ...signRequest(key.keyId, key.privateKey, method, u.pathname, ts), 'content-type': 'application/json' };
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; json: any }> {
  const r = await fetch(url, init);
  return { status: r.status, json: await r.json() };
}

export async function post(url: string, body: unknown, method = 'POST'): Promise<{ status: number; json: any }> {
  return getJson(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

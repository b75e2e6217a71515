import type { Context } from 'hono';

export class HttpError extends Error {
  status: number;
  code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const bad = (message: string) => new HttpError(400, 'bad_request', message);

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function json(c: Context, status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** Integer query parameter with bounds; `undefined` when absent. */
export function intParam(c: Context, name: string, min?: number, max?: number): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw bad(`${name} must be an integer`);
  const n = Number(v);
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) throw bad(`${name} out of range`);
  return n;
}

export function boolParam(c: Context, name: string): boolean | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw bad(`${name} must be true or false`);
}

export function encodeCursor(s: string): string {
  return Buffer.from(s).toString('base64url');
}

export function decodeCursor(c: string | undefined, prefix: string): string[] | null {
  if (!c) return null;
  let s: string;
  try {
    s = Buffer.from(c, 'base64url').toString();
  } catch {
    throw bad('invalid cursor');
  }
  const parts = s.split(':');
  if (parts[0] !== prefix) throw bad('invalid cursor');
  return parts.slice(1);
}

/**
 * Errors thrown by the client. They carry method, path, status and Kalshi's error code/message, and
 * deliberately never the request headers, the signature, the key id or the key: no `cause` pointing at a
 * fetch error (whose options hold the headers) is ever attached.
 */

export class KalshiError extends Error {
  override name = 'KalshiError';
}

export interface KalshiErrorBody {
  code?: string;
  message?: string;
  details?: string;
}

export class KalshiApiError extends KalshiError {
  override name = 'KalshiApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly code: string | undefined;
  readonly details: string | undefined;
  readonly attempts: number;
  /** First 500 characters of the response body (secrets redacted). */
  readonly body: string;
  /** For order creates: the idempotency key that was sent on every attempt. */
  clientOrderId?: string;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    attempts: number;
    body: string;
    parsed: KalshiErrorBody;
  }) {
    const { status, method, path, parsed } = init;
    const what = [parsed.code, parsed.message].filter(Boolean).join(': ');
    super(`Kalshi ${method} ${path} failed with HTTP ${status}${what ? ` (${what})` : ''}`);
    this.status = status;
    this.method = method;
    this.path = path;
    this.code = parsed.code;
    this.details = parsed.details;
    this.attempts = init.attempts;
    this.body = init.body;
  }
}

export class KalshiNetworkError extends KalshiError {
  override name = 'KalshiNetworkError';
  constructor(
    readonly kind: 'timeout' | 'network' | 'aborted',
    readonly method: string,
    readonly path: string,
    readonly attempts: number,
    readonly detail: string,
  ) {
    super(`Kalshi ${method} ${path} ${kind === 'timeout' ? 'timed out' : kind === 'aborted' ? 'was aborted' : 'failed'}${detail ? ` (${detail})` : ''}`);
  }
}

/** The response was not JSON, or its envelope was unusable. */
export class KalshiResponseError extends KalshiError {
  override name = 'KalshiResponseError';
  constructor(
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(`Kalshi ${method} ${path}: ${message}`);
  }
}

/** A single-record endpoint returned a record that failed validation (it was counted in `stats.malformed`). */
export class KalshiMalformedRecordError extends KalshiError {
  override name = 'KalshiMalformedRecordError';
  constructor(
    readonly endpoint: string,
    readonly issues: string[],
  ) {
    super(`Kalshi ${endpoint}: malformed record (${issues.slice(0, 3).join('; ')})`);
  }
}

export class KalshiConfigError extends KalshiError {
  override name = 'KalshiConfigError';
}

/** Parses both documented and observed error bodies: `{"error":"…"}`, `{"error":{code,message}}`, `{code,message,details}`. */
export function parseErrorBody(text: string): KalshiErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (!json || typeof json !== 'object') return {};
  const o = json as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const e = o.error;
  if (typeof e === 'string') return { message: e };
  if (e && typeof e === 'object') {
    const eo = e as Record<string, unknown>;
    return { code: str(eo.code), message: str(eo.message), details: str(eo.details) };
  }
  return { code: str(o.code), message: str(o.message) ?? str(o.msg), details: str(o.details) };
}

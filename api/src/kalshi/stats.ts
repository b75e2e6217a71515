/** Counters exposed as `client.stats`. Plain numbers so they are cheap to read and to serialise. */
export class KalshiStats {
  /** Records skipped because they failed validation, by endpoint (`"GET /markets"`, `"ws trade"`, …). */
  readonly malformed: Record<string, number> = {};
  /** HTTP attempts sent (including retries). */
  requests = 0;
  /** Attempts that were retried. */
  retries = 0;
  /** 429 responses seen. */
  rateLimited = 0;
  /** 5xx responses seen. */
  serverErrors = 0;
  /** Timeouts and network errors seen. */
  networkErrors = 0;
  /** Records dropped as duplicates by the pagination de-duplication window. */
  duplicatesDropped = 0;

  countMalformed(endpoint: string, n = 1): void {
    this.malformed[endpoint] = (this.malformed[endpoint] ?? 0) + n;
  }

  get malformedTotal(): number {
    let t = 0;
    for (const v of Object.values(this.malformed)) t += v;
    return t;
  }

  toJSON() {
    return {
      malformed: { ...this.malformed },
      malformedTotal: this.malformedTotal,
      requests: this.requests,
      retries: this.retries,
      rateLimited: this.rateLimited,
      serverErrors: this.serverErrors,
      networkErrors: this.networkErrors,
      duplicatesDropped: this.duplicatesDropped,
    };
  }
}

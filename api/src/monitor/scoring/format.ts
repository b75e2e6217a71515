/** Tiny, allocation-light number formatting for explanation sentences (no Intl on the hot path). */

function groupThousands(intStr: string): string {
  let out = '';
  let k = 0;
  for (let i = intStr.length - 1; i >= 0; i--) {
    out = intStr[i] + out;
    if (++k % 3 === 0 && i > 0 && intStr[i - 1] !== '-') out = ',' + out;
  }
  return out;
}

/** Contracts: "4,200", fractional below 10: "2.5". */
export function fmtCount(x: number): string {
  if (!Number.isFinite(x)) return '0';
  if (Math.abs(x) < 10 && Math.round(x) !== x) return (Math.round(x * 10) / 10).toString();
  return groupThousands(Math.round(x).toString());
}

/** Multiples: "38", "4.5", "1.2" (callers add the "×"). */
export function fmtMultiple(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  if (x >= 10) return groupThousands(Math.round(x).toString());
  return (Math.round(x * 10) / 10).toString();
}

/** Dollars as cents: 0.12 → "12¢", 0.005 → "0.5¢". */
export function fmtCents(dollars: number): string {
  const c = Math.abs(dollars) * 100;
  if (!Number.isFinite(c)) return '0¢';
  if (c < 10 && Math.round(c) !== Math.round(c * 10) / 10) return `${Math.round(c * 10) / 10}¢`;
  return `${Math.round(c)}¢`;
}

/** Minutes: 15 → "15 minutes", 1 → "1 minute". */
export function fmtMinutes(ms: number): string {
  const m = Math.round((ms / 60_000) * 10) / 10;
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** Expected counts as a phrase: "about 0.4", "about 12", "almost none". */
export function fmtExpected(x: number): string {
  if (!Number.isFinite(x) || x < 0.01) return 'almost none';
  if (x < 0.1) return `about ${Math.round(x * 100) / 100}`;
  if (x < 10) return `about ${Math.round(x * 10) / 10}`;
  return `about ${groupThousands(Math.round(x).toString())}`;
}

/** A surprise S = −log10 p as odds: 2 → "1 in 100", 4.3 → "1 in 20,000" (two significant digits). */
export function fmtOneIn(surprise: number): string {
  if (!Number.isFinite(surprise) || surprise <= 0) return '1 in 1';
  if (surprise > 12) return '1 in more than a trillion';
  const odds = 10 ** surprise;
  const digits = Math.floor(Math.log10(odds));
  const unit = 10 ** Math.max(0, digits - 1);
  return `1 in ${groupThousands(String(Math.round(odds / unit) * unit))}`;
}

/** US Eastern hour as "3 AM", "12 PM". */
export function fmtHour(h: number): string {
  const hh = ((Math.round(h) % 24) + 24) % 24;
  const twelve = hh % 12 === 0 ? 12 : hh % 12;
  return `${twelve} ${hh < 12 ? 'AM' : 'PM'}`;
}

export function fmtPercent(share: number): string {
  const p = share * 100;
  if (!Number.isFinite(p)) return '0%';
  return p < 10 && Math.round(p) !== p ? `${Math.round(p * 10) / 10}%` : `${Math.round(p)}%`;
}

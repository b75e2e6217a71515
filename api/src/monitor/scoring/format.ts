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

/** Small expected counts: "0.4", "12". */
export function fmtExpected(x: number): string {
  if (!Number.isFinite(x)) return '0';
  if (x < 0.1) return x < 0.01 ? 'under 0.01' : (Math.round(x * 100) / 100).toString();
  if (x < 10) return (Math.round(x * 10) / 10).toString();
  return groupThousands(Math.round(x).toString());
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

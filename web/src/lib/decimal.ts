// Money and counts arrive from the API as exact decimal strings ("0.6200", "1234.00"). These
// format them by moving digits around, never through floating point, so "0.0750" is 7.5¢
// and not 7.499999¢.

/** What the formatters return for a missing or malformed value. */
export const NO_VALUE = '—';

interface Parts {
	negative: boolean;
	/** Digits before the point, without leading zeros ("0" for none). */
	whole: string;
	/** Digits after the point, without trailing zeros. */
	fraction: string;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function parse(value: string | null | undefined): Parts | null {
	if (value === null || value === undefined) return null;
	const match = DECIMAL.exec(value.trim());
	if (!match || (!match[2] && !match[3])) return null;
	const whole = (match[2] ?? '').replace(/^0+/, '') || '0';
	const fraction = (match[3] ?? '').replace(/0+$/, '');
	const zero = whole === '0' && fraction === '';
	return { negative: match[1] === '-' && !zero, whole, fraction };
}

/** Moves the point `places` to the right (× 10^places) on the digits alone. */
function shift(parts: Parts, places: number): Parts {
	const digits = parts.whole + parts.fraction.padEnd(places, '0');
	const point = parts.whole.length + places;
	return {
		negative: parts.negative,
		whole: digits.slice(0, point).replace(/^0+/, '') || '0',
		fraction: digits.slice(point).replace(/0+$/, '')
	};
}

/** Rounds half away from zero to `places` decimals, carrying through the whole part. */
function round(parts: Parts, places: number): Parts {
	if (parts.fraction.length <= places) return parts;
	const kept = parts.fraction.slice(0, places);
	const up = Number(parts.fraction[places]) >= 5;
	if (!up) return { ...parts, fraction: kept.replace(/0+$/, '') };
	const digits = (BigInt(parts.whole + kept) + 1n).toString().padStart(parts.whole.length + places, '0');
	const point = digits.length - places;
	return {
		negative: parts.negative,
		whole: digits.slice(0, point).replace(/^0+/, '') || '0',
		fraction: digits.slice(point).replace(/0+$/, '')
	};
}

function group(whole: string): string {
	return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function text(parts: Parts, minFraction = 0): string {
	const fraction = parts.fraction.padEnd(minFraction, '0');
	const zero = parts.whole === '0' && /^0*$/.test(fraction);
	return `${parts.negative && !zero ? '−' : ''}${group(parts.whole)}${fraction ? `.${fraction}` : ''}`;
}

/** A price in dollars as cents: "0.6200" → "62¢", "0.0750" → "7.5¢", "1" → "100¢". */
export function formatCents(dollars: string | null | undefined, maxDecimals = 2): string {
	const parts = parse(dollars);
	if (!parts) return NO_VALUE;
	return `${text(round(shift(parts, 2), maxDecimals))}¢`;
}

/** An amount in dollars: "1234.5" → "$1,234.50", "-3" → "−$3.00". */
export function formatDollars(dollars: string | null | undefined, decimals = 2): string {
	const parts = parse(dollars);
	if (!parts) return NO_VALUE;
	const rounded = round(parts, decimals);
	const body = text({ ...rounded, negative: false }, decimals);
	const zero = /^[0.,]*$/.test(body);
	return `${rounded.negative && !zero ? '−' : ''}$${body}`;
}

/** A count of contracts: "1234.00" → "1,234", "12.50" → "12.5". */
export function formatCount(count: string | null | undefined, maxDecimals = 2): string {
	const parts = parse(count);
	if (!parts) return NO_VALUE;
	return text(round(parts, maxDecimals));
}

/** Whole cents as a number, for charts and bar widths only (display uses the formatters). */
export function centsNumber(dollars: string | null | undefined): number | null {
	const parts = parse(dollars);
	if (!parts) return null;
	const cents = shift(parts, 2);
	return (parts.negative ? -1 : 1) * Number(`${cents.whole}.${cents.fraction || '0'}`);
}

/** Compares two decimal strings exactly: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
	const x = parse(a);
	const y = parse(b);
	if (!x || !y) return x ? 1 : y ? -1 : 0;
	const places = Math.max(x.fraction.length, y.fraction.length);
	const toBig = (p: Parts) => (p.negative ? -1n : 1n) * BigInt(p.whole + p.fraction.padEnd(places, '0'));
	const diff = toBig(x) - toBig(y);
	return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

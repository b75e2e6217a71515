// Trading money and rates as the trading pages show them. Dollar amounts arrive from the API as
// exact decimal strings ("12.3400", "-0.0081"); they are formatted and summed on their digits
// (through #lib/decimal.ts and BigInt), never through floating point.
import { compareDecimals, formatCents, formatDollars, NO_VALUE } from '../decimal.ts';

export { NO_VALUE };

/** Whether an amount is a gain, a loss, exactly zero, or missing: for colouring. */
export type Tone = 'gain' | 'loss' | 'flat' | 'none';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function isDecimal(value: string | null | undefined): value is string {
	return typeof value === 'string' && DECIMAL.test(value.trim());
}

export function pnlTone(dollars: string | null | undefined): Tone {
	if (!isDecimal(dollars)) return 'none';
	const sign = compareDecimals(dollars, '0');
	return sign > 0 ? 'gain' : sign < 0 ? 'loss' : 'flat';
}

/** A profit or loss with its sign: "12.5" → "+$12.50", "-3" → "−$3.00", "0" → "$0.00". */
export function formatPnl(dollars: string | null | undefined, decimals = 2): string {
	const text = formatDollars(dollars, decimals);
	if (text === NO_VALUE) return text;
	return pnlTone(dollars) === 'gain' && !/^\$[0.,]*$/.test(text) ? `+${text}` : text;
}

/** An amount in dollars ("$1,234.50"); small amounts such as AI costs keep 4 decimals when they need them. */
export function formatMoney(dollars: string | null | undefined, options: { precise?: boolean } = {}): string {
	if (!options.precise) return formatDollars(dollars, 2);
	const fraction = isDecimal(dollars) ? (dollars.split('.')[1] ?? '').replace(/0+$/, '') : '';
	return formatDollars(dollars, Math.min(Math.max(fraction.length, 2), 6));
}

/** A contract price in cents: "0.9200" → "92¢". */
export function formatPrice(dollars: string | null | undefined): string {
	return formatCents(dollars, 2);
}

/** The exact sum of decimal strings, as a decimal string ("12.30" + "-0.0081" → "12.2919"). Malformed values are skipped. */
export function sumDecimals(values: readonly (string | null | undefined)[]): string {
	const parsed = values.filter(isDecimal).map((v) => {
		const t = v.trim();
		const negative = t.startsWith('-');
		const [whole = '', fraction = ''] = t.replace(/^[+-]/, '').split('.');
		return { negative, whole: whole || '0', fraction };
	});
	const places = Math.max(0, ...parsed.map((p) => p.fraction.length));
	let total = 0n;
	for (const p of parsed) {
		const n = BigInt(p.whole + p.fraction.padEnd(places, '0'));
		total += p.negative ? -n : n;
	}
	const negative = total < 0n;
	const digits = (negative ? -total : total).toString().padStart(places + 1, '0');
	const whole = digits.slice(0, digits.length - places);
	const fraction = digits.slice(digits.length - places);
	return `${negative ? '-' : ''}${whole}${places ? `.${fraction}` : ''}`;
}

/** A number of dollars the AI stated (a JSON number, e.g. an allocation) as money text. */
export function formatStatedDollars(amount: number | null | undefined): string {
	if (amount === null || amount === undefined || !Number.isFinite(amount)) return NO_VALUE;
	// toFixed(6) is exact enough for a stated amount and keeps the digits away from exponent notation.
	return formatDollars(amount.toFixed(6), 2);
}

/** A 0–1 share (win rate, confidence) as a percentage: 0.625 → "62.5%". */
export function formatShare(share: number | null | undefined, digits = 1): string {
	if (share === null || share === undefined || !Number.isFinite(share)) return NO_VALUE;
	return `${trimZeros((share * 100).toFixed(digits))}%`;
}

/** A value that is already a percentage (ROI) with its sign: 4.1234 → "+4.12%", -2 → "−2%". */
export function formatSignedPercent(percent: number | null | undefined, digits = 2): string {
	if (percent === null || percent === undefined || !Number.isFinite(percent)) return NO_VALUE;
	const text = trimZeros(Math.abs(percent).toFixed(digits));
	if (text === '0') return '0%';
	return `${percent < 0 ? '−' : '+'}${text}%`;
}

/** A Brier score (0 best, 1 worst) with four decimals. */
export function formatBrier(score: number | null | undefined): string {
	if (score === null || score === undefined || !Number.isFinite(score)) return NO_VALUE;
	return score.toFixed(4);
}

/** A count of tokens: 12345 → "12,345". */
export function formatInteger(value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
	return Math.round(value).toLocaleString('en-US');
}

function trimZeros(fixed: string): string {
	return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

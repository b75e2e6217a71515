// Turning API keys and raw numbers into words for tables the app renders generically.
import { formatDuration } from './time.ts';

const ACRONYMS = new Map([
	['et', 'ET'],
	['ai', 'AI'],
	['url', 'URL'],
	['p99', 'p99'],
	['mad', 'MAD'],
	['id', 'ID'],
	['yes', 'YES'],
	['no', 'NO'],
	['24h', '24h']
]);

/** "maxOrderSize" → "Max order size", "p99TradeSize" → "p99 trade size", "hourET" → "Hour ET". */
export function humanizeKey(key: string): string {
	const words = key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/[_-]+/g, ' ')
		.trim()
		.split(/\s+/)
		.map((word) => ACRONYMS.get(word.toLowerCase()) ?? word.toLowerCase());
	if (words.length === 0) return key;
	const [first = '', ...rest] = words;
	const head = ACRONYMS.has(first.toLowerCase()) ? first : first.charAt(0).toUpperCase() + first.slice(1);
	return [head, ...rest].join(' ');
}

/** A plain number with at most `digits` decimals and thousands separators: 1234.5678 → "1,234.57". */
export function formatNumber(value: number, digits = 2): string {
	if (!Number.isFinite(value)) return '—';
	return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A 0–1 share as a percentage: 0.0158 → "1.6%". */
export function formatPercent(share: number, digits = 1): string {
	if (!Number.isFinite(share)) return '—';
	return `${formatNumber(share * 100, digits)}%`;
}

/** Milliseconds as a length of time in words: 900000 → "15 minutes", 604800000 → "7 days". */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return '—';
	const units: [number, string][] = [
		[86_400_000, 'day'],
		[3_600_000, 'hour'],
		[60_000, 'minute'],
		[1000, 'second']
	];
	for (const [size, unit] of units) {
		if (ms >= size && ms % size === 0) {
			const n = ms / size;
			return `${n} ${unit}${n === 1 ? '' : 's'}`;
		}
	}
	return formatDuration(ms / 1000);
}

/** A value of unknown type from a generic record, as text. */
export function formatUnknown(key: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'number') return /Ms$/.test(key) ? formatMs(value) : formatNumber(value, 4);
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => formatUnknown('', v)).join(', ');
	return JSON.stringify(value);
}

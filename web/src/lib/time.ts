// The one place the app turns instants into text. Everything is shown in US Eastern time
// (the exchange's clock), 12-hour with AM/PM and the EST/EDT abbreviation, so a time read
// on any screen means the same thing whatever the viewer's own time zone is.

export const APP_TIME_ZONE = 'America/New_York';

/** Anything the formatters accept: a Date, an ISO 8601 string or epoch milliseconds. */
export type Instant = Date | string | number;

/** What the formatters return for a missing or unparseable instant. */
export const NO_TIME = '—';

const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
	timeZone: APP_TIME_ZONE,
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	hourCycle: 'h12',
	timeZoneName: 'short'
});

const relativeFormat = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });

function toDate(input: Instant | null | undefined): Date | null {
	if (input === null || input === undefined || input === '') return null;
	const date = input instanceof Date ? input : new Date(input);
	return Number.isNaN(date.getTime()) ? null : date;
}

interface EasternParts {
	month: string;
	day: string;
	year: string;
	hour: string;
	minute: string;
	dayPeriod: string;
	timeZoneName: string;
}

/**
 * Assembles the text from the formatter's parts rather than its output string, so the
 * result does not depend on which spaces (plain, no-break, narrow no-break) a given ICU
 * version puts before "AM".
 */
function easternParts(date: Date): EasternParts {
	const parts: Record<string, string> = {};
	for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
	return {
		month: parts.month ?? '',
		day: parts.day ?? '',
		year: parts.year ?? '',
		hour: parts.hour ?? '',
		minute: parts.minute ?? '',
		dayPeriod: (parts.dayPeriod ?? '').toUpperCase(),
		timeZoneName: parts.timeZoneName ?? ''
	};
}

/** "Mar 8, 2026, 1:59 AM EST" */
export function formatDateTime(input: Instant | null | undefined): string {
	const date = toDate(input);
	if (!date) return NO_TIME;
	const p = easternParts(date);
	return `${p.month} ${p.day}, ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** "Mar 8, 2026" (the Eastern calendar date) */
export function formatDate(input: Instant | null | undefined): string {
	const date = toDate(input);
	if (!date) return NO_TIME;
	const p = easternParts(date);
	return `${p.month} ${p.day}, ${p.year}`;
}

/** "1:59 AM EST" */
export function formatTime(input: Instant | null | undefined): string {
	const date = toDate(input);
	if (!date) return NO_TIME;
	const p = easternParts(date);
	return `${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** ISO 8601 for a `<time datetime>` attribute (empty when there is no valid instant). */
export function isoString(input: Instant | null | undefined): string {
	return toDate(input)?.toISOString() ?? '';
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
	['second', 60],
	['minute', 60],
	['hour', 24],
	['day', 7],
	['week', 4.345],
	['month', 12],
	['year', Number.POSITIVE_INFINITY]
];

/** "just now", "5 minutes ago", "in 3 hours", "yesterday" — relative to `now`. */
export function formatRelative(input: Instant | null | undefined, now: Instant = Date.now()): string {
	const date = toDate(input);
	const reference = toDate(now);
	if (!date || !reference) return NO_TIME;
	let value = (date.getTime() - reference.getTime()) / 1000;
	if (Math.abs(value) < 45) return 'just now';
	for (const [unit, size] of RELATIVE_STEPS) {
		if (Math.abs(value) < size) return relativeFormat.format(Math.round(value), unit);
		value /= size;
	}
	return NO_TIME;
}

/** A length of time: "42s", "3m 05s", "2h 05m", "3d 4h". */
export function formatDuration(totalSeconds: number): string {
	if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return NO_TIME;
	const s = Math.floor(totalSeconds);
	const days = Math.floor(s / 86_400);
	const hours = Math.floor((s % 86_400) / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const seconds = s % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	if (days > 0) return `${days}d ${hours}h`;
	if (hours > 0) return `${hours}h ${pad(minutes)}m`;
	if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
	return `${seconds}s`;
}

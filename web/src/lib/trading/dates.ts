// Calendar dates the trader stores as dates, not instants ("2026-03-08" is an Eastern trading
// day; "2026-03" a month). Read as instants they would shift a day west of UTC, so they are
// formatted from their digits. Instants go through #lib/time.ts.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03-08" → "Mar 8, 2026"; anything else is returned as it came. */
export function formatCalendarDate(date: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
	if (!match || !month) return date;
	return `${month.slice(0, 3)} ${Number(match[3])}, ${match[1]}`;
}

/** "2026-03-08" → "Mar 8" (axis labels). */
export function formatShortDate(date: string): string {
	const full = formatCalendarDate(date);
	return full === date ? date : full.replace(/, \d{4}$/, '');
}

/** "2026-03" → "March 2026". */
export function formatMonth(month: string): string {
	const match = /^(\d{4})-(\d{2})$/.exec(month);
	const name = match ? MONTHS[Number(match[2]) - 1] : undefined;
	return match && name ? `${name} ${match[1]}` : month;
}

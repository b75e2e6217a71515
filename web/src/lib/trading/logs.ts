// The error log page's filter: sources are prefixes ("trader:" matches "trader:ai"), as the
// API's `source` query parameter is.

/** Sources every instance can log, offered before any error has been seen. */
export const KNOWN_SOURCE_PREFIXES = ['job:', 'trader:', 'trader:ai', 'trader:order', 'trader:reconcile', 'trader:balance'] as const;

/** The prefixes to offer: the known ones, each source seen, and its "family:" prefix, sorted. */
export function sourceOptions(seen: readonly string[], current = ''): string[] {
	const options = new Set<string>(KNOWN_SOURCE_PREFIXES);
	for (const source of seen) {
		options.add(source);
		const colon = source.indexOf(':');
		if (colon > 0) options.add(source.slice(0, colon + 1));
	}
	if (current) options.add(current);
	return [...options].sort((a, b) => a.localeCompare(b));
}

/** The filter from the address bar: a trimmed prefix, at most 100 characters (the API's limit). */
export function sourceFromSearch(params: URLSearchParams): string {
	return (params.get('source') ?? '').trim().slice(0, 100);
}

/** "?source=trader%3A" or "" for all. */
export function sourceSearch(source: string): string {
	const s = source.trim();
	return s ? `?${new URLSearchParams({ source: s })}` : '';
}

/** The first line of a message, for a one-line summary. */
export function firstLine(text: string, max = 200): string {
	const line = text.split('\n', 1)[0] ?? '';
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Whether a context value is worth an expandable block. */
export function hasContext(context: unknown): boolean {
	if (context === null || context === undefined) return false;
	if (typeof context === 'object') return Object.keys(context).length > 0;
	return String(context) !== '';
}

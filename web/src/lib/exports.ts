// Download links for GET /api/exports/{kind}: the rows a page shows, as CSV (for spreadsheets)
// or JSON. Plain links: the browser sends the session cookie and saves the attachment, and the
// API streams it, so a large export never passes through the page's memory.
import type { paths } from '@sentinel/client';

export type ExportKind = paths['/api/exports/{kind}']['get']['parameters']['path']['kind'];
export type ExportFormat = 'csv' | 'json';
type Query = NonNullable<paths['/api/exports/{kind}']['get']['parameters']['query']>;
export type ExportFilters = Partial<Pick<Query, 'from' | 'to' | 'mode' | 'label' | 'status'>>;

export function exportHref(kind: ExportKind, format: ExportFormat, filters: ExportFilters = {}): string {
	const params = new URLSearchParams({ format });
	for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
	return `/api/exports/${kind}?${params.toString()}`;
}

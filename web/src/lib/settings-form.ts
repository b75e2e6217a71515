// The Settings page's forms: which settings the monitor form edits, how the text boxes
// become the PUT /api/settings body, and how the API's validation problem (errors[] with
// paths like "json.alertEmails.1") lands next to the field it is about.
import type { Problem } from './api.ts';
import { humanizeKey } from './humanize.ts';

/** The monitor's settings, edited by the monitor form; any other setting the API returns is listed generically. */
export const MONITOR_SETTING_KEYS = [
	'alertEmails',
	'alertThreshold',
	'dailyRecapEnabled',
	'webhookUrl',
	'minVolume',
	'minOpenInterest',
	'excludedCategories',
	'whaleRuleEnabled',
	'whaleMinDollars',
	'whaleP99Multiple',
	'signalRuleSurprise',
	'alertCooldownMinutes',
	'dailyAlertBudget',
	'alertCategories',
	'alertWatchedOnly',
	'silenceDismissed'
] as const;

export type FieldErrors = Record<string, string[]>;

/** "a@x.com, b@y.com,," → ["a@x.com", "b@y.com"] */
export function splitList(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((item) => item.trim())
		.filter(Boolean);
}

/**
 * Groups a validation problem's errors by top-level setting. A path into a list names the
 * offending item when `body` has it: "json.alertEmails.1" → `"bad" must be an email address`.
 */
export function fieldErrors(problem: Problem | null, body: Record<string, unknown> = {}): { fields: FieldErrors; other: string[] } {
	const fields: FieldErrors = {};
	const other: string[] = [];
	for (const issue of problem?.errors ?? []) {
		const [target, key, index] = issue.path.split('.');
		if (target !== 'json' || !key) {
			other.push(`${issue.path}: ${issue.message}`);
			continue;
		}
		const value = body[key];
		const item = index !== undefined && Array.isArray(value) ? value[Number(index)] : undefined;
		const message = typeof item === 'string' ? `“${item}” ${issue.message}` : issue.message;
		(fields[key] ??= []).push(message);
	}
	return { fields, other };
}

export type GenericKind = 'boolean' | 'number' | 'string' | 'list';

export interface GenericField {
	key: string;
	label: string;
	kind: GenericKind;
}

/** Every setting outside the monitor form, typed by its current value, in the API's order. */
export function genericFields(settings: Record<string, unknown>): GenericField[] {
	const monitor = new Set<string>(MONITOR_SETTING_KEYS);
	const fields: GenericField[] = [];
	for (const [key, value] of Object.entries(settings)) {
		if (monitor.has(key)) continue;
		const kind: GenericKind | null =
			typeof value === 'boolean'
				? 'boolean'
				: typeof value === 'number'
					? 'number'
					: typeof value === 'string'
						? 'string'
						: Array.isArray(value) && value.every((v) => typeof v === 'string')
							? 'list'
							: null;
		if (kind) fields.push({ key, label: humanizeKey(key), kind });
	}
	return fields;
}

/** A text box's content as the value to send for a field of `kind` (NaN numbers are left for the API to refuse). */
export function parseGenericValue(kind: GenericKind, text: string | boolean): unknown {
	if (kind === 'boolean') return Boolean(text);
	const raw = String(text);
	if (kind === 'number') return raw.trim() === '' ? null : Number(raw);
	if (kind === 'list') return splitList(raw);
	return raw;
}

/** Only what changed: PUT /api/settings takes any subset. */
export function changedValues(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(after)) {
		if (JSON.stringify(before[key]) !== JSON.stringify(value)) changes[key] = value;
	}
	return changes;
}

// The trading settings form: one field per trader setting with the API's bounds (the hard
// limits; a unit test holds them to openapi.json), the text boxes turned into the
// PUT /api/settings body, and the checks across fields the API does not make.

export type TraderFieldKind = 'boolean' | 'dollars' | 'price' | 'integer' | 'number';

export interface TraderField {
	key: TraderSettingKey;
	label: string;
	kind: TraderFieldKind;
	/** What the API accepts (inclusive); absent for no bound. */
	min?: number;
	max?: number;
	step: number;
	/** The unit after the box: "$", "days" … */
	unit?: string;
	hint: string;
}

export const TRADER_SETTING_KEYS = [
	'tradingEnabled',
	'dailyBudget',
	'paperStartingBalance',
	'minYesPrice',
	'maxYesPrice',
	'maxYesPriceForNo',
	'maxDaysToClose',
	'minDepthDollars',
	'excludeFlaggedMarkets',
	'minPositionDollars',
	'maxPositionDollars',
	'maxContractsPerRun',
	'maxSlippage',
	'stopLossPrice',
	'stopLossFloorPrice',
	'minRewardToRisk',
	'allowAddingToPositions',
	'maxLossStreak',
	'maxStopLosses24h',
	'aiTimeoutSeconds',
	'maxCandidatesToAi'
] as const;

export type TraderSettingKey = (typeof TRADER_SETTING_KEYS)[number];

/**
 * The second confirmation PUT /api/settings wants in `confirmLooserThanSpec` when a change sets
 * a trader limit looser than the spec's (api/src/trader/constants.ts); without it the API
 * answers 409 naming each such field.
 */
export const LOOSER_THAN_SPEC_CONFIRMATION = 'I accept limits looser than the spec';

/** The fields a 409 refusal names as looser than the spec, or null for any other answer. */
export function looserFields(problem: { status: number; errors?: { path: string; message: string }[] } | null): { key: string; message: string }[] | null {
	if (!problem || problem.status !== 409 || !problem.errors?.length) return null;
	return problem.errors.map((e) => ({ key: e.path.replace(/^json\./, ''), message: e.message }));
}

export interface TraderFieldGroup {
	title: string;
	description: string;
	fields: TraderField[];
}

export const TRADER_FIELD_GROUPS: readonly TraderFieldGroup[] = [
	{
		title: 'Trading and budget',
		description: 'Whether the daily scan may place orders, and how much money it works with.',
		fields: [
			{ key: 'tradingEnabled', label: 'Trading enabled', kind: 'boolean', step: 1, hint: 'Let the daily scan place orders (paper or live). Off: it still scans and records the analysis.' },
			{ key: 'dailyBudget', label: 'Daily budget', kind: 'dollars', min: 0, max: 1000, step: 1, unit: '$', hint: 'Dollars the trader may invest per US Eastern day.' },
			{ key: 'paperStartingBalance', label: 'Paper starting balance', kind: 'dollars', min: 0, max: 1_000_000, step: 1, unit: '$', hint: 'The paper bankroll before any trade.' }
		]
	},
	{
		title: 'Contract selection',
		description: 'What the scanner lets through to the selector.',
		fields: [
			{ key: 'minYesPrice', label: 'Minimum YES price', kind: 'price', min: 0.5, max: 1, step: 0.01, unit: '$', hint: 'Buy YES when its price is at least this (spec 0.85 = 85%).' },
			{ key: 'maxYesPrice', label: 'Maximum YES price', kind: 'price', min: 0, max: 1, step: 0.01, unit: '$', hint: '… and at most this (spec 0.98).' },
			{ key: 'maxYesPriceForNo', label: 'Maximum YES price to buy NO', kind: 'price', min: 0, max: 0.1, step: 0.01, unit: '$', hint: 'Buy NO when the YES price is at most this (spec 0.02).' },
			{ key: 'maxDaysToClose', label: 'Maximum days to close', kind: 'number', min: 0, max: 30, step: 0.5, unit: 'days', hint: 'Only markets closing within this many days (spec 2).' },
			{ key: 'minDepthDollars', label: 'Minimum order-book depth', kind: 'dollars', min: 50, step: 100, unit: '$', hint: 'Depth on our side at executable prices (spec $2,000).' },
			{ key: 'allowAddingToPositions', label: 'Allow adding to a held market', kind: 'boolean', step: 1, hint: 'Off: one position per ticker; a later scan never buys a market already held.' },
			{ key: 'excludeFlaggedMarkets', label: 'Exclude markets the monitor flags', kind: 'boolean', step: 1, hint: 'Skip candidates the monitor labels High or Critical: someone may know more.' }
		]
	},
	{
		title: 'Position sizing',
		description: 'Hard limits: $20–$50 a position and at most 3 markets a run, whatever the AI says.',
		fields: [
			{ key: 'minPositionDollars', label: 'Minimum position', kind: 'dollars', min: 20, max: 50, step: 1, unit: '$', hint: 'Smallest position (hard limit $20–$50).' },
			{ key: 'maxPositionDollars', label: 'Maximum position', kind: 'dollars', min: 20, max: 50, step: 1, unit: '$', hint: 'Largest position (hard limit $20–$50).' },
			{ key: 'maxContractsPerRun', label: 'Markets per run', kind: 'integer', min: 0, max: 3, step: 1, hint: 'Markets bought per run (hard limit 3).' },
			{ key: 'maxSlippage', label: 'Maximum slippage', kind: 'price', min: 0, max: 0.1, step: 0.01, unit: '$', hint: 'How far past the best ask an entry limit may go (spec 0.02).' },
			{ key: 'minRewardToRisk', label: 'Minimum reward-to-risk', kind: 'number', min: 0.005, max: 1, step: 0.005, hint: 'Net win ÷ money at risk after the fee, at the entry limit. 0.01 refuses 99¢ entries.' }
		]
	},
	{
		title: 'Risk and circuit breakers',
		description: 'When to sell, and when to stop opening positions until you resume.',
		fields: [
			{ key: 'stopLossPrice', label: 'Stop-loss price', kind: 'price', min: 0.3, max: 1, step: 0.01, unit: '$', hint: "Sell when the held side's bid falls below this (spec 0.80). An empty, closed or halted book never triggers it." },
			{ key: 'stopLossFloorPrice', label: 'Stop-loss floor', kind: 'price', min: 0.05, max: 1, step: 0.01, unit: '$', hint: 'The stop is a stop-limit: it never sells below this. A gap below it holds the position.' },
			{ key: 'maxLossStreak', label: 'Losses in a row before pausing', kind: 'integer', min: 1, max: 50, step: 1, hint: 'Pause new entries after this many losses in a row.' },
			{ key: 'maxStopLosses24h', label: 'Stop-losses in 24 hours before pausing', kind: 'integer', min: 1, max: 50, step: 1, hint: 'Pause new entries after this many stop-losses in 24 hours.' }
		]
	},
	{
		title: 'AI analysis',
		description: 'How the selector is asked.',
		fields: [
			{ key: 'aiTimeoutSeconds', label: 'AI timeout', kind: 'integer', min: 1, max: 600, step: 1, unit: 'seconds', hint: 'A slower answer means no trade.' },
			{ key: 'maxCandidatesToAi', label: 'Candidates sent to the AI', kind: 'integer', min: 1, max: 40, step: 1, hint: 'The deepest books first (hard limit 40).' }
		]
	}
];

export const TRADER_FIELDS: readonly TraderField[] = TRADER_FIELD_GROUPS.flatMap((g) => g.fields);

/** What the form holds: booleans as booleans, numbers as the text in the box. */
export type TraderForm = Record<TraderSettingKey, string | boolean>;

export function toForm(settings: Record<string, unknown>): TraderForm {
	const form = {} as TraderForm;
	for (const field of TRADER_FIELDS) {
		const value = settings[field.key];
		form[field.key] = field.kind === 'boolean' ? value === true : typeof value === 'number' ? String(value) : '';
	}
	return form;
}

/** The PUT body for the fields that changed; a blank or unreadable number is sent as null for the API to refuse. */
export function changedBody(before: TraderForm, after: TraderForm): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const field of TRADER_FIELDS) {
		const a = after[field.key];
		if (a === before[field.key]) continue;
		if (field.kind === 'boolean') body[field.key] = a === true;
		else {
			const text = String(a).trim();
			const n = text === '' ? Number.NaN : Number(text);
			body[field.key] = Number.isFinite(n) ? n : null;
		}
	}
	return body;
}

/** "$20 – $50", "0 – 1", "at least 0". */
export function boundsText(field: TraderField): string {
	if (field.kind === 'boolean') return '';
	const f = (n: number) => (field.kind === 'dollars' ? `$${n.toLocaleString('en-US')}` : n.toLocaleString('en-US'));
	if (field.min !== undefined && field.max !== undefined) return `${f(field.min)} – ${f(field.max)}`;
	if (field.min !== undefined) return `at least ${f(field.min)}`;
	if (field.max !== undefined) return `at most ${f(field.max)}`;
	return '';
}

/** The API's checks across fields (settingsConflicts), repeated so the form shows them while typing. */
export function crossFieldErrors(form: TraderForm): Partial<Record<TraderSettingKey, string[]>> {
	const errors: Partial<Record<TraderSettingKey, string[]>> = {};
	const n = (key: TraderSettingKey) => {
		const text = String(form[key]).trim();
		return text === '' ? Number.NaN : Number(text);
	};
	const pair = (lo: TraderSettingKey, hi: TraderSettingKey, message: string) => {
		const a = n(lo);
		const b = n(hi);
		if (Number.isFinite(a) && Number.isFinite(b) && a > b) (errors[hi] ??= []).push(message);
	};
	pair('minYesPrice', 'maxYesPrice', 'Must be at least the minimum YES price.');
	pair('minPositionDollars', 'maxPositionDollars', 'Must be at least the minimum position.');
	const stop = n('stopLossPrice');
	const minYes = n('minYesPrice');
	if (Number.isFinite(stop) && Number.isFinite(minYes) && stop >= minYes) (errors.stopLossPrice ??= []).push('Must be below the minimum YES price, or every new position would be sold at once.');
	return errors;
}

/** A setting's value as the criteria list shows it: "$2,000", "0.85", "2 days", "Yes". */
export function settingText(key: string, value: number | boolean | string): { label: string; value: string } {
	const field = TRADER_FIELDS.find((f) => f.key === key);
	const label = field?.label ?? key;
	if (typeof value === 'boolean') return { label, value: value ? 'Yes' : 'No' };
	if (typeof value === 'string') return { label, value };
	const n = value.toLocaleString('en-US', { maximumFractionDigits: 4 });
	if (!field) return { label, value: n };
	if (field.kind === 'dollars') return { label, value: `$${n}` };
	if (field.unit && field.unit !== '$') return { label, value: `${n} ${field.unit}` };
	return { label, value: n };
}

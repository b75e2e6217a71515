// GET /api/monitor/model is typed as a free-form object in the OpenAPI document, so the How it
// works page reads it through this: the parts it explains in prose are checked and typed, the
// rest (windows, ramps, parameters) stay records the page lists generically. Nothing here
// holds a number of the model; every number on the page comes from the API.
import { isLabel, type ScoreLabel } from './labels.ts';

type Json = Record<string, unknown>;

export interface SignalDoc {
	name: string;
	title: string;
	detects: string;
	method: string;
	weight: number;
}

export interface LabelBound {
	label: ScoreLabel;
	from: number;
	to: number;
	note: string;
}

export interface Ramp {
	name: string;
	zLow: number;
	zHigh: number;
}

export interface MonitorModel {
	signals: SignalDoc[];
	labels: LabelBound[];
	gate: { primarySignals: string[]; primaryMin: number; secondaryMin: number; cap: number; explanation: string };
	windows: Json;
	minHistory: Json;
	priors: Json;
	sizeTail: Json;
	robust: Json;
	scoreRamps: Ramp[];
	signalParams: Json;
	timeZone: string;
	zScoreMapping: string;
	alerts: Json;
	eligibility: Json;
	ingestion: Json;
	retention: Json;
}

export class ModelShapeError extends Error {}

function record(value: unknown, path: string): Json {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ModelShapeError(`${path} is not an object`);
	return value as Json;
}

function num(value: unknown, path: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ModelShapeError(`${path} is not a number`);
	return value;
}

function str(value: unknown, path: string): string {
	if (typeof value !== 'string') throw new ModelShapeError(`${path} is not a string`);
	return value;
}

/** Checks and types the model; throws ModelShapeError naming the first part that is off. */
export function parseMonitorModel(raw: unknown): MonitorModel {
	const root = record(raw, 'model');
	const scoring = record(root.scoring, 'scoring');
	const weights = record(scoring.weights, 'scoring.weights');
	const signalInfo = record(scoring.signals, 'scoring.signals');
	const signals = Object.entries(weights).map(([name, weight]) => {
		const info = record(signalInfo[name], `scoring.signals.${name}`);
		return {
			name,
			weight: num(weight, `scoring.weights.${name}`),
			title: str(info.title, `scoring.signals.${name}.title`),
			detects: str(info.detects, `scoring.signals.${name}.detects`),
			method: str(info.method, `scoring.signals.${name}.method`)
		};
	});
	if (!Array.isArray(scoring.labels)) throw new ModelShapeError('scoring.labels is not a list');
	const labels = scoring.labels.map((entry, i) => {
		const bound = record(entry, `scoring.labels.${i}`);
		if (!isLabel(bound.label)) throw new ModelShapeError(`scoring.labels.${i}.label is not a label`);
		return {
			label: bound.label,
			from: num(bound.from, `scoring.labels.${i}.from`),
			to: num(bound.to, `scoring.labels.${i}.to`),
			note: typeof bound.note === 'string' ? bound.note : ''
		};
	});
	const gate = record(scoring.gate, 'scoring.gate');
	const ramps = record(scoring.scoreRamps ?? {}, 'scoring.scoreRamps');
	return {
		signals,
		labels,
		gate: {
			primarySignals: Array.isArray(gate.primarySignals) ? gate.primarySignals.map(String) : [],
			primaryMin: num(gate.primaryMin, 'scoring.gate.primaryMin'),
			secondaryMin: num(gate.secondaryMin, 'scoring.gate.secondaryMin'),
			cap: num(gate.cap, 'scoring.gate.cap'),
			explanation: typeof gate.explanation === 'string' ? gate.explanation : ''
		},
		windows: record(scoring.windows ?? {}, 'scoring.windows'),
		minHistory: record(scoring.minHistory ?? {}, 'scoring.minHistory'),
		priors: record(scoring.priors ?? {}, 'scoring.priors'),
		sizeTail: record(scoring.sizeTail ?? {}, 'scoring.sizeTail'),
		robust: record(scoring.robust ?? {}, 'scoring.robust'),
		scoreRamps: Object.entries(ramps).map(([name, value]) => {
			const ramp = record(value, `scoring.scoreRamps.${name}`);
			return { name, zLow: num(ramp.zLow, `scoring.scoreRamps.${name}.zLow`), zHigh: num(ramp.zHigh, `scoring.scoreRamps.${name}.zHigh`) };
		}),
		signalParams: record(scoring.signalParams ?? {}, 'scoring.signalParams'),
		timeZone: typeof scoring.timeZone === 'string' ? scoring.timeZone : '',
		zScoreMapping: typeof scoring.zScoreMapping === 'string' ? scoring.zScoreMapping : '',
		alerts: record(root.alerts ?? {}, 'alerts'),
		eligibility: record(root.eligibility ?? {}, 'eligibility'),
		ingestion: record(root.ingestion ?? {}, 'ingestion'),
		retention: record(root.retention ?? {}, 'retention')
	};
}

/** A number from one of the generic records, or null. */
export function numberAt(source: Json, key: string): number | null {
	const value = source[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Signal titles by name, for naming the gate's primary signals. */
export function signalTitle(model: MonitorModel, name: string): string {
	return model.signals.find((s) => s.name === name)?.title ?? name;
}

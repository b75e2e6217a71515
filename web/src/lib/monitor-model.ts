// GET /api/monitor/model, arranged for the How it works page: the signals as one list (weight,
// title, what each detects), the score ramps as a list. The API types every part (MonitorModel
// in the OpenAPI document, checked against the constants by a test), so nothing is re-checked
// here. Nothing here holds a number of the model; every number on the page comes from the API.
import type { Schemas } from '@sentinel/client';
import type { ScoreLabel } from './labels.ts';

type Json = Record<string, unknown>;
type Model = Schemas['MonitorModel'];

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
	gate: Model['scoring']['gate'];
	windows: Json;
	minHistory: Json;
	priors: Json;
	sizeTail: Json;
	robust: Json;
	scoreRamps: Ramp[];
	signalParams: Json;
	timeZone: string;
	zScoreMapping: string;
	alerts: Model['alerts'];
	eligibility: Model['eligibility'];
	ingestion: Json;
	retention: Json;
}

/** The model as the page reads it. */
export function parseMonitorModel(model: Model): MonitorModel {
	const { scoring } = model;
	const signals = Object.entries(scoring.weights).flatMap(([name, weight]) => {
		const info = scoring.signals[name as keyof typeof scoring.signals];
		return weight === undefined || !info ? [] : [{ name, weight, title: info.title, detects: info.detects, method: info.method }];
	});
	return {
		signals,
		labels: scoring.labels,
		gate: scoring.gate,
		windows: scoring.windows,
		minHistory: scoring.minHistory,
		priors: scoring.priors,
		sizeTail: scoring.sizeTail,
		robust: scoring.robust,
		scoreRamps: Object.entries(scoring.scoreRamps).map(([name, ramp]) => ({ name, zLow: ramp.zLow, zHigh: ramp.zHigh })),
		signalParams: scoring.signalParams,
		timeZone: scoring.timeZone,
		zScoreMapping: scoring.zScoreMapping,
		alerts: model.alerts,
		eligibility: model.eligibility,
		ingestion: model.ingestion,
		retention: model.retention
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

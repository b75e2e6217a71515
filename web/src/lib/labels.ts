// The score labels (Low < Medium < High < Critical) as the pages show them.
import type { Schemas } from '@sentinel/client';

export type ScoreLabel = Schemas['ScoreLabel'];

export const LABELS: readonly ScoreLabel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export const LABEL_NAMES: Record<ScoreLabel, string> = {
	LOW: 'Low',
	MEDIUM: 'Medium',
	HIGH: 'High',
	CRITICAL: 'Critical'
};

export function isLabel(value: unknown): value is ScoreLabel {
	return typeof value === 'string' && (LABELS as readonly string[]).includes(value);
}

/** 0 for Low … 3 for Critical. */
export function labelRank(label: ScoreLabel): number {
	return LABELS.indexOf(label);
}

/** A composite score as shown everywhere: one decimal ("72.4"). */
export function formatScore(value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	return (Math.round(value * 10) / 10).toFixed(1);
}

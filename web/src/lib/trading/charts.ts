// Geometry for the trading charts, pure so it is unit-tested: the P&L curve from daily
// snapshots, the scanner funnel, and bars for breakdowns (counts, or signed P&L). Amounts are
// turned into numbers here only to place pixels; labels use the exact strings.
import { extent, linearScale, linePath, percentOf, valueTicks } from '../chart.ts';
import { centsNumber } from '../decimal.ts';

export interface CurveInput {
	/** "2026-03-08" (a calendar date) or any instant. */
	date: string;
	/** Exact dollars. */
	value: string;
}

export interface CurvePoint {
	x: number;
	y: number;
	date: string;
	value: string;
}

export interface Curve {
	width: number;
	height: number;
	points: CurvePoint[];
	/** The line through the points. */
	line: string;
	/** The line closed down (or up) to the zero line, for a filled area. */
	area: string;
	/** Where $0 is. */
	zeroY: number;
	/** Value-axis ticks in dollars (numbers, for labels through the caller's formatter) and their y. */
	ticks: { dollars: number; y: number }[];
}

export interface CurveBox {
	width: number;
	height: number;
	/** Room for axis labels: left, right, top, bottom. */
	padding?: { left: number; right: number; top: number; bottom: number };
}

const DEFAULT_PADDING = { left: 56, right: 12, top: 12, bottom: 24 };

/**
 * The curve of `series` (any order; drawn oldest first) in a box. The value axis always
 * includes $0, so gains sit above the zero line and losses below it. A single point is drawn
 * as a flat line across the box.
 */
export function pnlCurve(series: readonly CurveInput[], box: CurveBox): Curve {
	const pad = box.padding ?? DEFAULT_PADDING;
	const valid = series
		.map((p) => ({ ...p, cents: centsNumber(p.value) }))
		.filter((p): p is CurveInput & { cents: number } => p.cents !== null && !Number.isNaN(new Date(p.date).getTime()))
		.sort((a, b) => new Date(a.date).getTime() - new Date(b.date).getTime());
	const [lo, hi] = extent(
		valid.map((p) => p.cents),
		[0, 0]
	);
	let min = Math.min(lo, 0);
	let max = Math.max(hi, 0);
	if (min === max) {
		// All zero: a $1 band so the axis has a scale.
		min -= 100;
		max += 100;
	}
	const headroom = (max - min) * 0.08;
	const domain: [number, number] = [min < 0 ? min - headroom : min, max > 0 ? max + headroom : max];
	const y = linearScale(domain, [box.height - pad.bottom, pad.top]);
	const x0 = pad.left;
	const x1 = box.width - pad.right;
	const x = linearScale([0, Math.max(valid.length - 1, 1)], [x0, x1]);
	let points: CurvePoint[] = valid.map((p, i) => ({ x: x(i), y: y(p.cents), date: p.date, value: p.value }));
	if (points.length === 1) points = [{ ...points[0]!, x: x0 }, { ...points[0]!, x: x1 }];
	const zeroY = round2(y(0));
	const line = linePath(points);
	const area = points.length ? `${line} L${round2(points.at(-1)!.x)} ${zeroY} L${round2(points[0]!.x)} ${zeroY} Z` : '';
	const ticks = valueTicks(domain[0], domain[1], 5).map((cents) => ({ dollars: Math.round(cents) / 100, y: round2(y(cents)) }));
	return { width: box.width, height: box.height, points: points.map((p) => ({ ...p, x: round2(p.x), y: round2(p.y) })), line, area, zeroY, ticks };
}

export interface FunnelStageInput {
	name: string;
	description: string;
	count: number;
}

export interface FunnelBar extends FunnelStageInput {
	/** Bar width in percent of the first (widest) stage. */
	width: number;
	/** Share of the first stage still in, 0–1. */
	ofTotal: number;
	/** How many the stage removed (from the stage before it); 0 for the first. */
	removed: number;
}

export function funnelBars(stages: readonly FunnelStageInput[]): FunnelBar[] {
	const first = stages[0]?.count ?? 0;
	const widest = Math.max(0, ...stages.map((s) => s.count));
	return stages.map((stage, i) => ({
		...stage,
		// A non-empty stage stays visible however small it is next to the first.
		width: stage.count > 0 ? Math.max(percentOf(stage.count, widest), 0.75) : 0,
		ofTotal: first > 0 ? stage.count / first : 0,
		removed: i === 0 ? 0 : Math.max(0, (stages[i - 1]?.count ?? 0) - stage.count)
	}));
}

export interface CountBar {
	label: string;
	count: number;
	width: number;
}

/** A record of counts as bars, in `order` first (known buckets, zero-filled) then the rest by count. */
export function countBars(counts: Readonly<Record<string, number>>, order: readonly string[] = []): CountBar[] {
	const keys = [...order, ...Object.keys(counts).filter((k) => !order.includes(k)).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))];
	const max = Math.max(0, ...keys.map((k) => counts[k] ?? 0));
	return keys.map((label) => ({ label, count: counts[label] ?? 0, width: percentOf(counts[label] ?? 0, max) }));
}

export interface SignedBar {
	/** Left edge in percent of the track. */
	left: number;
	/** Width in percent of the track. */
	width: number;
	negative: boolean;
}

/**
 * Bars for values of either sign on one track: zero sits where the largest loss and the
 * largest gain leave it (at the left edge when nothing is negative).
 */
export function signedBars(values: readonly (number | null)[]): { zero: number; bars: (SignedBar | null)[] } {
	const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
	const neg = Math.max(0, ...finite.map((v) => -v));
	const pos = Math.max(0, ...finite.map((v) => v));
	const span = neg + pos;
	const zero = span === 0 ? 0 : (neg / span) * 100;
	const bars = values.map((v) => {
		if (v === null || !Number.isFinite(v) || span === 0) return null;
		const width = (Math.abs(v) / span) * 100;
		return { left: v < 0 ? zero - width : zero, width, negative: v < 0 };
	});
	return { zero, bars };
}

function round2(n: number): number {
	return Math.round(n * 100) / 100;
}

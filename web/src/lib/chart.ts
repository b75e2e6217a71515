// Geometry for the small inline-SVG charts: scales, polyline paths, bands and time ticks.
// Pure functions of numbers, so they are unit-tested and the components only draw.

export interface Scale {
	(value: number): number;
	domain: readonly [number, number];
	range: readonly [number, number];
}

/** A linear map from `domain` to `range`; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
	const [d0, d1] = domain;
	const [r0, r1] = range;
	const span = d1 - d0;
	const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Scale;
	scale.domain = domain;
	scale.range = range;
	return scale;
}

/** The smallest and largest value, or `fallback` when there are none. */
export function extent(values: readonly number[], fallback: [number, number] = [0, 1]): [number, number] {
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (const value of values) {
		if (!Number.isFinite(value)) continue;
		if (value < min) min = value;
		if (value > max) max = value;
	}
	return min === Number.POSITIVE_INFINITY ? fallback : [min, max];
}

export interface Point {
	x: number;
	y: number;
}

/** An SVG path through the points ("M x y L x y …"), rounded to 0.01 px; empty for none. */
export function linePath(points: readonly Point[]): string {
	const r = (n: number) => Math.round(n * 100) / 100;
	return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join(' ');
}

export interface Band {
	label: string;
	y: number;
	height: number;
}

/** Horizontal bands for score ranges ([from, to) on the value axis), clipped to the scale's domain. */
export function bands(ranges: readonly { label: string; from: number; to: number }[], y: Scale): Band[] {
	const [lo, hi] = [Math.min(...y.domain), Math.max(...y.domain)];
	return ranges
		.map((range) => ({ label: range.label, from: Math.max(range.from, lo), to: Math.min(range.to, hi) }))
		.filter((range) => range.to > range.from)
		.map((range) => {
			const top = y(range.to);
			const bottom = y(range.from);
			const r = (n: number) => Math.round(n * 100) / 100;
			return { label: range.label, y: r(Math.min(top, bottom)), height: r(Math.abs(bottom - top)) };
		});
}

const HOUR = 3_600_000;
const TICK_STEPS = [5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR];

/**
 * Round instants across [start, end] for a time axis: at most `maxTicks`, on multiples of a
 * friendly step (5 min … 2 days). Steps are whole minutes or hours in UTC, which are whole
 * minutes or hours in US Eastern too, except for steps of 2 h and more, which are labelled by
 * their Eastern time anyway.
 */
export function timeTicks(start: number, end: number, maxTicks = 6): number[] {
	if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || maxTicks < 1) return [];
	const step = TICK_STEPS.find((s) => (end - start) / s <= maxTicks) ?? Math.ceil((end - start) / maxTicks / (24 * HOUR)) * 24 * HOUR;
	const ticks: number[] = [];
	for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
	return ticks;
}

/** Evenly spaced values for a value axis, e.g. 0, 25, 50, 75, 100. */
export function valueTicks(min: number, max: number, count = 5): number[] {
	if (count < 2 || max <= min) return [min];
	return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

/** A bar's width in percent of the largest value (0–100), for CSS. */
export function percentOf(value: number, max: number): number {
	if (!Number.isFinite(value) || !Number.isFinite(max) || max <= 0) return 0;
	return Math.max(0, Math.min(100, (value / max) * 100));
}

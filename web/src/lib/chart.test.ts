import { describe, expect, it } from 'vitest';
import { bands, extent, linearScale, linePath, percentOf, timeTicks, valueTicks } from './chart.ts';

describe('linearScale', () => {
	it('maps the domain onto the range, inverted ranges included', () => {
		const y = linearScale([0, 100], [200, 0]);
		expect(y(0)).toBe(200);
		expect(y(100)).toBe(0);
		expect(y(55)).toBeCloseTo(90);
		const x = linearScale([10, 20], [0, 50]);
		expect(x(15)).toBe(25);
		expect(x(30)).toBe(100);
	});
	it('maps a zero-width domain to the middle', () => {
		expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
	});
});

describe('extent and linePath', () => {
	it('skips non-finite values and falls back when empty', () => {
		expect(extent([3, Number.NaN, -1, 7])).toEqual([-1, 7]);
		expect(extent([], [0, 100])).toEqual([0, 100]);
	});
	it('draws a rounded path', () => {
		expect(linePath([{ x: 0, y: 1.234 }, { x: 10.005, y: 2 }])).toBe('M0 1.23 L10.01 2');
		expect(linePath([])).toBe('');
	});
});

describe('bands', () => {
	it('turns label ranges into rectangles clipped to the domain', () => {
		const y = linearScale([0, 100], [100, 0]);
		const out = bands(
			[
				{ label: 'LOW', from: 0, to: 30 },
				{ label: 'MEDIUM', from: 30, to: 55 },
				{ label: 'HIGH', from: 55, to: 75 },
				{ label: 'CRITICAL', from: 75, to: 100 }
			],
			y
		);
		expect(out).toEqual([
			{ label: 'LOW', y: 70, height: 30 },
			{ label: 'MEDIUM', y: 45, height: 25 },
			{ label: 'HIGH', y: 25, height: 20 },
			{ label: 'CRITICAL', y: 0, height: 25 }
		]);
		expect(bands([{ label: 'X', from: 120, to: 150 }], y)).toEqual([]);
	});
});

describe('ticks', () => {
	it('puts time ticks on friendly multiples within the span', () => {
		const start = Date.UTC(2026, 10, 21, 11, 7);
		const end = Date.UTC(2026, 10, 21, 12, 6);
		const ticks = timeTicks(start, end, 6);
		expect(ticks.length).toBeLessThanOrEqual(6);
		expect(ticks.length).toBeGreaterThanOrEqual(3);
		for (const t of ticks) {
			expect(t).toBeGreaterThanOrEqual(start);
			expect(t).toBeLessThanOrEqual(end);
			expect(t % (15 * 60_000)).toBe(0);
		}
		expect(timeTicks(5, 5)).toEqual([]);
		const twoDays = timeTicks(start, start + 2 * 86_400_000, 6);
		expect(twoDays.length).toBeLessThanOrEqual(6);
		expect(twoDays.length).toBeGreaterThan(0);
		const long = timeTicks(start, start + 60 * 86_400_000, 6);
		expect(long.length).toBeLessThanOrEqual(7);
	});
	it('spaces value ticks evenly', () => {
		expect(valueTicks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
		expect(valueTicks(3, 3)).toEqual([3]);
	});
	it('clamps bar percentages', () => {
		expect(percentOf(15, 30)).toBe(50);
		expect(percentOf(50, 30)).toBe(100);
		expect(percentOf(-1, 30)).toBe(0);
		expect(percentOf(1, 0)).toBe(0);
	});
});

import { describe, expect, it } from 'vitest';
import { countBars, funnelBars, pnlCurve, signedBars } from './charts.ts';

const box = { width: 400, height: 200, padding: { left: 0, right: 0, top: 0, bottom: 0 } };

describe('pnlCurve', () => {
	it('draws oldest first whatever the order, with $0 inside the axis', () => {
		const curve = pnlCurve(
			[
				{ date: '2026-03-03', value: '30.00' },
				{ date: '2026-03-01', value: '10.00' },
				{ date: '2026-03-02', value: '-10.00' }
			],
			box
		);
		expect(curve.points.map((p) => p.date)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
		expect(curve.points.map((p) => p.x)).toEqual([0, 200, 400]);
		// Higher P&L is higher up (smaller y); the zero line lies between the loss and the gains.
		const [a, b, c] = curve.points;
		expect(c!.y).toBeLessThan(a!.y);
		expect(b!.y).toBeGreaterThan(curve.zeroY);
		expect(a!.y).toBeLessThan(curve.zeroY);
		expect(curve.line.startsWith('M0 ')).toBe(true);
		expect(curve.area.endsWith('Z')).toBe(true);
		expect(curve.ticks).toHaveLength(5);
		expect(curve.ticks[0]!.dollars).toBeLessThan(-10);
		expect(curve.ticks.at(-1)!.dollars).toBeGreaterThan(30);
	});
	it('puts zero at the bottom when everything is a gain, at the top when a loss', () => {
		const gains = pnlCurve([{ date: '2026-03-01', value: '5' }, { date: '2026-03-02', value: '8' }], box);
		expect(gains.zeroY).toBe(200);
		const losses = pnlCurve([{ date: '2026-03-01', value: '-5' }, { date: '2026-03-02', value: '-8' }], box);
		expect(losses.zeroY).toBe(0);
	});
	it('draws a single snapshot as a flat line, and all-zero values on a $1 band', () => {
		const one = pnlCurve([{ date: '2026-03-01', value: '0.0000' }], box);
		expect(one.points).toHaveLength(2);
		expect(one.points[0]!.y).toBe(one.points[1]!.y);
		expect(one.points[0]!.y).toBe(one.zeroY);
		expect(one.ticks[0]!.dollars).toBeLessThanOrEqual(-1);
	});
	it('skips malformed values and dates; no points, no path', () => {
		const curve = pnlCurve([{ date: 'nope', value: '1' }, { date: '2026-03-01', value: 'x' }], box);
		expect(curve.points).toEqual([]);
		expect(curve.line).toBe('');
		expect(curve.area).toBe('');
	});
	it('scales exactly enough: cents, not floats of dollars', () => {
		const curve = pnlCurve([{ date: '2026-03-01', value: '0.10' }, { date: '2026-03-02', value: '0.20' }, { date: '2026-03-03', value: '0.30' }], box);
		const [a, b, c] = curve.points;
		expect(a!.y - b!.y).toBeCloseTo(b!.y - c!.y, 6);
	});
});

describe('funnelBars', () => {
	const stages = [
		{ name: 'synced', description: '', count: 1000 },
		{ name: 'active', description: '', count: 800 },
		{ name: 'odds', description: '', count: 2 },
		{ name: 'depth', description: '', count: 0 }
	];
	it('widths relative to the first stage, with what each stage removed', () => {
		const bars = funnelBars(stages);
		expect(bars.map((b) => b.width)).toEqual([100, 80, 0.75, 0]);
		expect(bars.map((b) => b.removed)).toEqual([0, 200, 798, 2]);
		expect(bars[1]!.ofTotal).toBe(0.8);
	});
	it('handles an empty cache', () => {
		const bars = funnelBars([{ name: 'synced', description: '', count: 0 }]);
		expect(bars[0]).toMatchObject({ width: 0, ofTotal: 0, removed: 0 });
		expect(funnelBars([])).toEqual([]);
	});
});

describe('countBars and signedBars', () => {
	it('known buckets first (zero-filled), the rest by count', () => {
		const bars = countBars({ b: 2, x: 1, y: 4 }, ['a', 'b']);
		expect(bars.map((b) => [b.label, b.count, b.width])).toEqual([
			['a', 0, 0],
			['b', 2, 50],
			['y', 4, 100],
			['x', 1, 25]
		]);
	});
	it('places zero between the largest loss and the largest gain', () => {
		const { zero, bars } = signedBars([30, -10, null, 0]);
		expect(zero).toBe(25);
		expect(bars[0]).toEqual({ left: 25, width: 75, negative: false });
		expect(bars[1]).toEqual({ left: 0, width: 25, negative: true });
		expect(bars[2]).toBeNull();
		expect(bars[3]).toEqual({ left: 25, width: 0, negative: false });
		expect(signedBars([0, 0]).bars).toEqual([null, null]);
		expect(signedBars([5, 10]).zero).toBe(0);
	});
});

// The facts behind a signal's score (GET /api/markets/{ticker} → score.signals[].facts, and an
// alert's signals) as label and text. The model reports prices in dollars (0–1), sizes in
// contracts and shares as 0–1; the keys say which, so known keys get units and the rest a
// humanized name and a plain number.
import { formatNumber, formatPercent, humanizeKey } from './humanize.ts';

type Unit = 'price' | 'multiple' | 'share' | 'contracts' | 'z' | 'minutes' | 'plain';

const FACTS: Record<string, { label: string; unit: Unit }> = {
	kind: { label: 'Pattern', unit: 'plain' },
	maxOrderSize: { label: 'Largest order', unit: 'contracts' },
	maxOrderSide: { label: 'Largest order side', unit: 'plain' },
	maxOrderPrice: { label: 'Largest order price', unit: 'price' },
	medianTradeSize: { label: 'Median order (7 days)', unit: 'contracts' },
	p99TradeSize: { label: '99th-percentile order', unit: 'contracts' },
	multipleOfMedian: { label: 'Multiple of median', unit: 'multiple' },
	multipleOfP99: { label: 'Multiple of p99', unit: 'multiple' },
	zSingle: { label: 'z (largest order)', unit: 'z' },
	zAccumulation: { label: 'z (split orders)', unit: 'z' },
	netFlow: { label: 'Net flow', unit: 'contracts' },
	netSide: { label: 'Net side', unit: 'plain' },
	splitFlow: { label: 'Split-order flow', unit: 'contracts' },
	dominantOrders: { label: 'Orders on the dominant side', unit: 'plain' },
	move: { label: 'Move over the window', unit: 'price' },
	shortMove: { label: 'Short move', unit: 'price' },
	readMove: { label: 'Move read', unit: 'price' },
	typicalMove: { label: 'Typical window move', unit: 'price' },
	typicalShortMove: { label: 'Typical short move', unit: 'price' },
	priceNow: { label: 'Price now', unit: 'price' },
	priceBefore: { label: 'Price before', unit: 'price' },
	zShort: { label: 'z (short move)', unit: 'z' },
	zWindow: { label: 'z (window move)', unit: 'z' },
	zAdjusted: { label: 'z (after direction)', unit: 'z' },
	alignment: { label: 'Taker alignment', unit: 'plain' },
	horizonMinutes: { label: 'Short horizon', unit: 'minutes' },
	spread: { label: 'Spread', unit: 'price' },
	spreadMedian: { label: 'Median spread', unit: 'price' },
	zSpread: { label: 'z (spread)', unit: 'z' },
	depth: { label: 'Depth near the touch', unit: 'contracts' },
	depthMedian: { label: 'Median depth', unit: 'contracts' },
	depthDrop: { label: 'Depth drop', unit: 'share' },
	zDepth: { label: 'z (depth)', unit: 'z' },
	surprise: { label: 'Surprise (−log₁₀ p)', unit: 'plain' },
	sustainedSurprise: { label: 'Surprise of the lasting drain', unit: 'plain' },
	sustainedCycles: { label: 'Cycles the drain lasted', unit: 'plain' },
	sustainedLevelDrop: { label: 'Resting orders smaller by', unit: 'share' },
	levelMedian: { label: 'Typical resting order', unit: 'contracts' },
	referenceLevelMedian: { label: 'Typical resting order before', unit: 'contracts' },
	lastingReferenceBooks: { label: 'Books before it', unit: 'plain' },
	persistence: { label: 'Book persistence (lag-one)', unit: 'plain' },
	dispersion: { label: 'Over-dispersion', unit: 'plain' },
	spanMinutes: { label: 'Burst span', unit: 'minutes' },
	ordersInSpan: { label: 'Orders in busiest span', unit: 'plain' },
	expectedInSpan: { label: 'Expected in span', unit: 'plain' },
	ordersInWindow: { label: 'Orders in window', unit: 'plain' },
	expectedInWindow: { label: 'Expected in window', unit: 'plain' },
	night: { label: 'Night (ET)', unit: 'plain' },
	hourET: { label: 'Hour (ET)', unit: 'plain' },
	volume: { label: 'Window volume', unit: 'contracts' },
	expectedVolume: { label: 'Expected volume', unit: 'contracts' },
	volumeRatio: { label: 'Volume ratio', unit: 'multiple' },
	hourShare: { label: 'Usual share of the day', unit: 'share' },
	quietness: { label: 'Quietness', unit: 'plain' },
	orders: { label: 'Orders in window', unit: 'plain' },
	ordersAtLeast: { label: 'Large orders', unit: 'plain' },
	sizeAtLeast: { label: 'Each at least', unit: 'contracts' },
	expectedOrders: { label: 'Orders expected at this hour', unit: 'plain' },
	siblings: { label: 'Markets in the event', unit: 'plain' },
	elevatedSiblings: { label: 'Elevated siblings', unit: 'plain' }
};

export interface Fact {
	key: string;
	label: string;
	value: string;
}

function cents(dollars: number): string {
	return `${formatNumber(dollars * 100, 1)}¢`;
}

export function formatFact(key: string, value: unknown): Fact {
	const known = FACTS[key];
	const label = known?.label ?? humanizeKey(key);
	if (typeof value !== 'number') return { key, label, value: value === null || value === undefined ? '—' : String(value) };
	switch (known?.unit) {
		case 'price':
			return { key, label, value: cents(value) };
		case 'multiple':
			return { key, label, value: `${formatNumber(value, 1)}×` };
		case 'share':
			return { key, label, value: formatPercent(value) };
		case 'contracts':
			return { key, label, value: formatNumber(value, 0) };
		case 'minutes':
			return { key, label, value: `${formatNumber(value, 1)} min` };
		case 'z':
			return { key, label, value: formatNumber(value, 2) };
		default:
			return { key, label, value: formatNumber(value, 2) };
	}
}

/** Facts in a stable order: the known ones as listed above, then the rest alphabetically. */
export function formatFacts(facts: Record<string, unknown> | null | undefined): Fact[] {
	const order = Object.keys(FACTS);
	return Object.entries(facts ?? {})
		.sort(([a], [b]) => {
			const ia = order.indexOf(a);
			const ib = order.indexOf(b);
			if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
			return a.localeCompare(b);
		})
		.map(([key, value]) => formatFact(key, value));
}

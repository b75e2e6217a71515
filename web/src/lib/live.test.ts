import { describe, expect, it } from 'vitest';
import { backoffDelay, debounce, LiveConnection, type EventSourceLike, type LiveMessage, type LiveStatus, type Timers } from './live.ts';

class FakeTimers implements Timers {
	now = 0;
	#next = 1;
	pending = new Map<number, { at: number; fn: () => void }>();
	setTimeout(fn: () => void, ms: number) {
		const id = this.#next++;
		this.pending.set(id, { at: this.now + ms, fn });
		return id;
	}
	clearTimeout(handle: unknown) {
		this.pending.delete(handle as number);
	}
	advance(ms: number) {
		const until = this.now + ms;
		for (;;) {
			const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			this.pending.delete(due[0]);
			this.now = due[1].at;
			due[1].fn();
		}
		this.now = until;
	}
}

class FakeSource implements EventSourceLike {
	listeners = new Map<string, ((event: { data?: unknown }) => void)[]>();
	closed = false;
	addEventListener(type: string, listener: (event: { data?: unknown }) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	close() {
		this.closed = true;
	}
	emit(type: string, data?: unknown) {
		for (const listener of this.listeners.get(type) ?? []) listener({ data });
	}
}

function setup() {
	const timers = new FakeTimers();
	const sources: FakeSource[] = [];
	const messages: LiveMessage[] = [];
	const statuses: LiveStatus[] = [];
	let resyncs = 0;
	const connection = new LiveConnection({
		url: '/api/stream',
		open: () => {
			const source = new FakeSource();
			sources.push(source);
			return source;
		},
		onMessage: (m) => messages.push(m),
		onStatus: (s) => statuses.push(s),
		onResync: () => resyncs++,
		timers,
		random: () => 0,
		backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0.5 },
		silenceMs: 45_000
	});
	return { timers, sources, messages, statuses, connection, resyncs: () => resyncs };
}

describe('backoffDelay', () => {
	it('grows exponentially to a cap, with jitter taken off', () => {
		const options = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.3 };
		expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, options, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
		expect(backoffDelay(0, options, () => 1)).toBe(700);
		expect(backoffDelay(-3, options, () => 0)).toBe(1000);
	});
});

describe('LiveConnection', () => {
	it('goes live on ready and passes scores and alerts on', () => {
		const t = setup();
		t.connection.start();
		expect(t.connection.status).toBe('connecting');
		t.sources[0]!.emit('ready', '{}');
		expect(t.connection.status).toBe('live');
		t.sources[0]!.emit('score', JSON.stringify({ ticker: 'A', composite: 60, label: 'HIGH', scoredAt: 'x', explanation: '' }));
		t.sources[0]!.emit('alert', JSON.stringify({ ticker: 'A', id: '1', composite: 60, label: 'HIGH', createdAt: 'x', isEscalation: false, explanation: '' }));
		t.sources[0]!.emit('score', 'not json');
		expect(t.messages.map((m) => `${m.type}:${m.data.ticker}`)).toEqual(['score:A', 'alert:A']);
		expect(t.statuses).toEqual(['connecting', 'live']);
	});

	it('reconnects with growing delays after errors and resets once ready', () => {
		const t = setup();
		t.connection.start();
		t.sources[0]!.emit('error');
		expect(t.sources[0]!.closed).toBe(true);
		expect(t.connection.status).toBe('reconnecting');
		t.timers.advance(999);
		expect(t.sources).toHaveLength(1);
		t.timers.advance(1);
		expect(t.sources).toHaveLength(2);
		t.sources[1]!.emit('error');
		t.timers.advance(1999);
		expect(t.sources).toHaveLength(2);
		t.timers.advance(1);
		expect(t.sources).toHaveLength(3);
		// A late error from an old source changes nothing.
		t.sources[0]!.emit('error');
		expect(t.connection.attempt).toBe(2);
		t.sources[2]!.emit('ready');
		expect(t.connection.attempt).toBe(0);
		expect(t.connection.status).toBe('live');
		t.sources[2]!.emit('error');
		t.timers.advance(1000);
		expect(t.sources).toHaveLength(4);
	});

	it('asks for a resync on every ready after the first', () => {
		const t = setup();
		t.connection.start();
		t.sources[0]!.emit('ready');
		expect(t.resyncs()).toBe(0);
		t.sources[0]!.emit('error');
		t.timers.advance(1000);
		t.sources[1]!.emit('ready');
		expect(t.resyncs()).toBe(1);
	});

	it('reconnects when the stream goes silent, and pings keep it open', () => {
		const t = setup();
		t.connection.start();
		t.sources[0]!.emit('ready');
		t.timers.advance(30_000);
		t.sources[0]!.emit('ping', '{}');
		t.timers.advance(30_000);
		expect(t.sources).toHaveLength(1);
		t.timers.advance(15_000);
		expect(t.sources[0]!.closed).toBe(true);
		expect(t.connection.status).toBe('reconnecting');
		t.timers.advance(1000);
		expect(t.sources).toHaveLength(2);
	});

	it('stops cleanly: no timers left, no further connections', () => {
		const t = setup();
		t.connection.start();
		t.sources[0]!.emit('error');
		t.connection.stop();
		expect(t.connection.status).toBe('idle');
		expect(t.timers.pending.size).toBe(0);
		t.timers.advance(60_000);
		expect(t.sources).toHaveLength(1);
	});

	it('retries when opening throws', () => {
		const timers = new FakeTimers();
		let calls = 0;
		const connection = new LiveConnection({
			url: '/x',
			open: () => {
				calls++;
				throw new Error('no EventSource');
			},
			onMessage: () => {},
			timers,
			random: () => 0
		});
		connection.start();
		expect(calls).toBe(1);
		timers.advance(1000);
		expect(calls).toBe(2);
		connection.stop();
	});
});

describe('debounce', () => {
	it('coalesces a burst into one call after the quiet period', () => {
		const timers = new FakeTimers();
		let calls = 0;
		const fn = debounce(() => calls++, 500, timers);
		fn();
		timers.advance(300);
		fn();
		timers.advance(300);
		expect(calls).toBe(0);
		timers.advance(200);
		expect(calls).toBe(1);
		fn();
		fn.cancel();
		timers.advance(1000);
		expect(calls).toBe(1);
	});
});

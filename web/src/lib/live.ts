// The dashboard's live feed: GET /api/stream (server-sent events) kept open, with our own
// reconnect policy instead of EventSource's (which gives up for good on an HTTP error):
// exponential backoff with jitter, reset once the server says `ready`, and a watchdog that
// reconnects when not even the 15-second `ping` has arrived for a while. Written against a
// minimal EventSource interface and injected timers, so it is unit-tested without a browser.

export type LiveEventName = 'ready' | 'ping' | 'score' | 'alert';

export interface ScoreEvent {
	ticker: string;
	composite: number;
	label: string;
	scoredAt: string;
	explanation: string;
}

export interface AlertEvent {
	id: string;
	ticker: string;
	composite: number;
	label: string;
	createdAt: string;
	isEscalation: boolean;
	explanation: string;
}

export type LiveMessage = { type: 'score'; data: ScoreEvent } | { type: 'alert'; data: AlertEvent };

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** The part of EventSource this uses. */
export interface EventSourceLike {
	addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
	close(): void;
}

export interface Timers {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
	factor: number;
	/** 0..1: the delay is multiplied by a random factor in [1 − jitter, 1]. */
	jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.3 };

/** How long to wait before reconnect attempt number `attempt` (0 for the first). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
	const base = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
	return Math.round(base * (1 - options.jitter * random()));
}

export interface LiveConnectionOptions {
	url: string;
	open: (url: string) => EventSourceLike;
	onMessage: (message: LiveMessage) => void;
	onStatus?: (status: LiveStatus) => void;
	/** Called on every `ready` after the first: events may have been missed meanwhile. */
	onResync?: () => void;
	timers?: Timers;
	backoff?: BackoffOptions;
	random?: () => number;
	/** Reconnect when nothing (not even a ping) arrives for this long. */
	silenceMs?: number;
}

function parse<T>(data: unknown): T | null {
	if (typeof data !== 'string') return null;
	try {
		const value: unknown = JSON.parse(data);
		return typeof value === 'object' && value !== null && 'ticker' in value ? (value as T) : null;
	} catch {
		return null;
	}
}

export class LiveConnection {
	#options: LiveConnectionOptions;
	#timers: Timers;
	#source: EventSourceLike | null = null;
	#retry: unknown = null;
	#watchdog: unknown = null;
	#attempt = 0;
	#readyBefore = false;
	#status: LiveStatus = 'idle';

	constructor(options: LiveConnectionOptions) {
		this.#options = options;
		this.#timers = options.timers ?? {
			setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
			clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
		};
	}

	get status(): LiveStatus {
		return this.#status;
	}

	/** Reconnect attempts since the last `ready`. */
	get attempt(): number {
		return this.#attempt;
	}

	start(): void {
		if (this.#status !== 'idle') return;
		this.#connect('connecting');
	}

	stop(): void {
		this.#teardown();
		if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
		this.#retry = null;
		this.#attempt = 0;
		this.#readyBefore = false;
		this.#setStatus('idle');
	}

	#setStatus(status: LiveStatus) {
		if (status === this.#status) return;
		this.#status = status;
		this.#options.onStatus?.(status);
	}

	#teardown() {
		if (this.#watchdog !== null) this.#timers.clearTimeout(this.#watchdog);
		this.#watchdog = null;
		const source = this.#source;
		this.#source = null;
		source?.close();
	}

	#connect(status: LiveStatus) {
		this.#retry = null;
		this.#setStatus(status);
		let source: EventSourceLike;
		try {
			source = this.#options.open(this.#options.url);
		} catch {
			this.#scheduleReconnect();
			return;
		}
		this.#source = source;
		const current = () => this.#source === source;
		this.#armWatchdog();
		source.addEventListener('ready', () => {
			if (!current()) return;
			this.#attempt = 0;
			this.#armWatchdog();
			this.#setStatus('live');
			if (this.#readyBefore) this.#options.onResync?.();
			this.#readyBefore = true;
		});
		source.addEventListener('ping', () => {
			if (current()) this.#armWatchdog();
		});
		source.addEventListener('score', (event) => {
			if (!current()) return;
			this.#armWatchdog();
			const data = parse<ScoreEvent>(event.data);
			if (data) this.#options.onMessage({ type: 'score', data });
		});
		source.addEventListener('alert', (event) => {
			if (!current()) return;
			this.#armWatchdog();
			const data = parse<AlertEvent>(event.data);
			if (data) this.#options.onMessage({ type: 'alert', data });
		});
		source.addEventListener('error', () => {
			if (current()) this.#scheduleReconnect();
		});
	}

	#armWatchdog() {
		if (this.#watchdog !== null) this.#timers.clearTimeout(this.#watchdog);
		this.#watchdog = this.#timers.setTimeout(() => {
			this.#watchdog = null;
			this.#scheduleReconnect();
		}, this.#options.silenceMs ?? 45_000);
	}

	#scheduleReconnect() {
		this.#teardown();
		if (this.#retry !== null) return;
		const delay = backoffDelay(this.#attempt, this.#options.backoff, this.#options.random);
		this.#attempt += 1;
		this.#setStatus('reconnecting');
		this.#retry = this.#timers.setTimeout(() => this.#connect('reconnecting'), delay);
	}
}

/** Debounces bursts (a scoring cycle emits one event per market) into one call. */
export function debounce(fn: () => void, ms: number, timers: Timers = { setTimeout: (f, t) => setTimeout(f, t), clearTimeout: (h) => clearTimeout(h as number) }) {
	let handle: unknown = null;
	const call = () => {
		if (handle !== null) timers.clearTimeout(handle);
		handle = timers.setTimeout(() => {
			handle = null;
			fn();
		}, ms);
	};
	call.cancel = () => {
		if (handle !== null) timers.clearTimeout(handle);
		handle = null;
	};
	return call;
}

// One live feed for the whole app (GET /api/stream), opened while some page listens and
// closed when the last one leaves. Pages subscribe in an $effect and get scores and alerts;
// the status and the recent alerts (for toasts) are rune state any component can show.
import { LiveConnection, type AlertEvent, type LiveMessage, type LiveStatus } from './live.ts';

export const STREAM_URL = '/api/stream';

type Listener = (message: LiveMessage) => void;
type ResyncListener = () => void;

export interface Toast {
	id: string;
	alert: AlertEvent;
}

export class LiveFeed {
	status = $state<LiveStatus>('idle');
	lastEventAt = $state<string | null>(null);
	toasts = $state<Toast[]>([]);

	#listeners = new Set<Listener>();
	#resyncs = new Set<ResyncListener>();
	#connection: LiveConnection | null = null;

	/** Listens until the returned function is called; the first listener opens the stream. */
	subscribe(listener: Listener, onResync?: ResyncListener): () => void {
		this.#listeners.add(listener);
		if (onResync) this.#resyncs.add(onResync);
		this.#ensure();
		return () => {
			this.#listeners.delete(listener);
			if (onResync) this.#resyncs.delete(onResync);
			if (this.#listeners.size === 0) this.#close();
		};
	}

	dismissToast(id: string) {
		this.toasts = this.toasts.filter((toast) => toast.id !== id);
	}

	#ensure() {
		if (this.#connection || typeof EventSource === 'undefined') return;
		this.#connection = new LiveConnection({
			url: STREAM_URL,
			open: (url) => new EventSource(url),
			onStatus: (status) => (this.status = status),
			onResync: () => {
				for (const listener of this.#resyncs) listener();
			},
			onMessage: (message) => {
				this.lastEventAt = new Date().toISOString();
				if (message.type === 'alert') {
					this.toasts = [...this.toasts.slice(-2), { id: message.data.id, alert: message.data }];
				}
				for (const listener of this.#listeners) listener(message);
			}
		});
		this.#connection.start();
	}

	#close() {
		this.#connection?.stop();
		this.#connection = null;
		this.status = 'idle';
	}
}

export const liveFeed = new LiveFeed();

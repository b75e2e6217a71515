// In-process notifications for the live stream (server-sent events): the pipeline emits,
// the SSE route listens. Nothing here is durable; the database is the record.
import { EventEmitter } from 'node:events';

export interface LiveEvents {
  score: [{ ticker: string; composite: number; label: string; scoredAt: string; explanation: string }];
  alert: [{ id: string; ticker: string; composite: number; label: string; createdAt: string; isEscalation: boolean; explanation: string }];
  job: [{ job: string; status: string; at: string }];
}

export class EventBus extends EventEmitter<LiveEvents> {
  constructor() {
    super();
    // One listener per open dashboard; a busy install can have many.
    this.setMaxListeners(1000);
  }
}

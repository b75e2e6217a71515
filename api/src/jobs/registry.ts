// Every scheduled job of the product, in one list: the scheduler only wires them to times.
import type { Database } from '@sentinel/db';
import type { EventBus } from '../lib/event-bus.ts';
import { retentionJob } from '../retention/retention.job.ts';
import type { Services } from '../services.ts';
import type { JobDefinition } from './types.ts';

export interface JobDeps {
  /** For bulk SQL the jobs run through the pg pool (Prisma has no bulk upsert). */
  db: Pick<Database, 'prisma' | 'pool' | 'kind'>;
  services: Services;
  events: EventBus;
}

export function createJobs(_deps: JobDeps): JobDefinition[] {
  return [retentionJob];
}

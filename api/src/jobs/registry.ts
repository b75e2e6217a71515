// Every scheduled job of the product, in one list: the scheduler only wires them to times.
import type { Database } from '@sentinel/db';
import type { EventBus } from '../lib/event-bus.ts';
import { createAlertNotifier } from '../monitor/alerts/notify.ts';
import { createMonitorPipeline } from '../monitor/pipeline/monitor-cycle.ts';
import { createNotificationJobs } from '../notifications/notifications.jobs.ts';
import { retentionJob } from '../retention/retention.job.ts';
import type { Services } from '../services.ts';
import { createTraderJobs } from '../trader/jobs.ts';
import type { JobDefinition } from './types.ts';

export interface JobDeps {
  /** For bulk SQL the jobs run through the pg pool (Prisma has no bulk upsert). */
  db: Pick<Database, 'prisma' | 'pool' | 'kind'>;
  services: Services;
  events: EventBus;
  /** The monitor pipeline, when the caller also runs its real-time feed; built here otherwise. */
  monitor?: MonitorPipeline;
}

export type MonitorPipeline = ReturnType<typeof createMonitorPipeline>;

export function createMonitor(deps: Omit<JobDeps, 'monitor'>): MonitorPipeline {
  return createMonitorPipeline({
    db: deps.db,
    services: deps.services,
    events: deps.events,
    notify: createAlertNotifier(deps.services.notifier, deps.services.secrets),
  });
}

export function createJobs(deps: JobDeps): JobDefinition[] {
  const monitor = deps.monitor ?? createMonitor(deps);
  return [
    ...monitor.jobs,
    retentionJob,
    ...createTraderJobs({ services: deps.services }),
    ...createNotificationJobs({ notifier: deps.services.notifier, secrets: deps.services.secrets }),
  ];
}

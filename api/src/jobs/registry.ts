// Every scheduled job of the product, in one list: the scheduler only wires them to times.
import { retentionJob } from '../retention/retention.job.ts';
import type { JobDefinition } from './types.ts';

export function createJobs(): JobDefinition[] {
  return [retentionJob];
}

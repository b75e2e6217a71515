import { createRouter } from '../lib/router.ts';
import { listJobRunsHandler, listJobsHandler, runJobHandler } from './jobs.handlers.ts';
import { listJobRunsRoute, listJobs, runJob } from './jobs.routes.ts';

export const jobsRouter = createRouter()
  .openapi(listJobs, listJobsHandler)
  .openapi(listJobRunsRoute, listJobRunsHandler)
  .openapi(runJob, runJobHandler);

import type { PrismaClient } from '@sentinel/db';

export async function listJobRuns(prisma: PrismaClient, query: { job?: string; limit: number; before?: Date }) {
  return prisma.jobRun.findMany({
    where: { ...(query.job ? { job: query.job } : {}), ...(query.before ? { startedAt: { lt: query.before } } : {}) },
    orderBy: { startedAt: 'desc' },
    take: query.limit,
  });
}

/** The latest run of each job, and how many of its recent runs failed (the jobs page's health). */
export async function latestRunsByJob(prisma: PrismaClient, jobs: string[], recent = 20) {
  const result = new Map<string, { last: Awaited<ReturnType<typeof listJobRuns>>[number] | null; recentFailures: number; recentRuns: number }>();
  await Promise.all(
    jobs.map(async (job) => {
      const runs = await listJobRuns(prisma, { job, limit: recent });
      result.set(job, {
        last: runs[0] ?? null,
        recentRuns: runs.length,
        recentFailures: runs.filter((r) => r.status === 'FAILED').length,
      });
    }),
  );
  return result;
}

import { platformMetrics } from '@platform/api';
import type { WorkerEvents } from 'graphile-worker';

/** Counts every job attempt by task and outcome, and how late each started after it was due (jobs_total, job_start_lag_seconds). */
export function measureJobs(events: WorkerEvents): void {
  events.on('job:start', ({ job }) => platformMetrics.jobLag.observe({ task: job.task_identifier }, Math.max(0, Date.now() - job.run_at.getTime()) / 1000));
  events.on('job:success', ({ job }) => platformMetrics.jobs.inc({ task: job.task_identifier, outcome: 'succeeded' }));
  events.on('job:error', ({ job }) => platformMetrics.jobs.inc({ task: job.task_identifier, outcome: 'failed' }));
}

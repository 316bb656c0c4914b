import type { JobHandler } from '@platform/api';
import type { Clock } from '@platform/core';
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { inSpan } from '../tracing';

export interface JobTaskDeps {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly log: Logger;
  /** Aborted as the runner begins to stop (JobHelpers.stopping). */
  readonly stopping: AbortSignal;
}

/**
 * A module's handler as a graphile-worker task. The handler gets the app-role
 * DataSource, never graphile-worker's helpers: those hold the queue's owner
 * connection, which would let a job step around the app role's limits.
 * A throw is logged and re-thrown, so graphile-worker records it and retries
 * with backoff until the job's attempts run out.
 */
export function toWorkerTask(task: string, handler: JobHandler, deps: JobTaskDeps): Task {
  // When tracing: a trace per attempt, holding its SQL statements and processor calls.
  return (payload, { job }) =>
    inSpan(`job ${task}`, 'internal', { 'job.task': task, 'job.attempt': job.attempts }, async () => {
      const log = deps.log.child({ task, jobId: job.id, attempt: job.attempts });
      const started = performance.now();
      try {
        await handler(payload, { db: deps.db, log, clock: deps.clock, stopping: deps.stopping });
      } catch (error) {
        log.error({ error: describeError(error), maxAttempts: job.max_attempts, willRetry: job.attempts < job.max_attempts }, 'job failed');
        throw error;
      }
      log.info({ durationMs: Math.round(performance.now() - started) }, 'job succeeded');
    });
}

/**
 * Only what says what went wrong. Errors carry more than that: TypeORM's
 * QueryFailedError keeps the query's parameters, which are often the payload.
 */
function describeError(error: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' && { code }), ...(error.stack !== undefined && { stack: error.stack }) };
}

import { EventEmitter } from 'node:events';
import type { ServiceModule } from '@platform/api';
import type { Clock } from '@platform/core';
import { ownerUrl, silenceLimitedClient, type DatabaseSettings } from '@platform/db';
import { run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { measureJobs } from '../metrics/job-metrics';
import { buildJobRegistry } from './job-registry';
import { toCronItems } from './job-schedules';
import { toWorkerTask } from './job-task';
import { toWorkerLogger } from './worker-logger';

export interface JobRunnerOptions {
  /** The queue lives in the platform database, in graphile-worker's own `graphile_worker` schema. */
  readonly settings: DatabaseSettings;
  /** Every module's `jobs` and `schedules`; checked before anything connects. */
  readonly modules: readonly ServiceModule[];
  /** The app-role DataSource handed to handlers, so row-level security applies to jobs as to requests. */
  readonly db: DataSource;
  readonly clock: Clock;
  readonly log: Logger;
  /** Jobs this process runs at once. */
  readonly concurrency: number;
  /**
   * How often (ms) to look for jobs that became due: retries and scheduled
   * ticks. A newly added job wakes the runner at once (LISTEN/NOTIFY).
   * Default 2000.
   */
  readonly pollIntervalMs?: number;
  /** Queue the modules' schedules at their times (default true); off, jobs run only when added. */
  readonly schedules?: boolean;
  /** DATABASE_SILENCE_LIMIT_MS, for the queue's connections too (see openQueuePool). */
  readonly silenceLimitMs?: number;
}

export interface AddJobOptions {
  /**
   * At most one waiting job per key: adding again with the same key replaces
   * the payload of the one still waiting (graphile-worker's `job_key`).
   */
  readonly jobKey?: string;
  /** Attempts before the job is given up (kept in the queue with its last error). Default 25. */
  readonly maxAttempts?: number;
}

/** What happened to one attempt of a job. */
export type JobOutcome =
  | { readonly jobId: string; readonly task: string; readonly status: 'succeeded' }
  | { readonly jobId: string; readonly task: string; readonly status: 'failed'; readonly error: unknown; readonly willRetry: boolean };

export interface JobRunner {
  /** Queues a job for a registered task; resolves with its id once it is committed to the queue. */
  addJob(task: string, payload: unknown, options?: AddJobOptions): Promise<{ readonly id: string }>;
  /** Calls `listener` after every attempt this runner makes; returns the unsubscribe function. */
  onJobOutcome(listener: (outcome: JobOutcome) => void): () => void;
  /** Settles when the runner has stopped; rejects if it stopped on its own because of an error. */
  readonly done: Promise<void>;
  /** Lets running jobs finish, stops taking new ones and closes the queue's connections. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs the modules' jobs on graphile-worker, in this process; graphile-worker
 * installs or upgrades its schema as it starts.
 *
 * Two roles, on purpose: the queue (schema, polling, LISTEN, locks) runs as
 * the owner role, which may create graphile-worker's schema, while the
 * app role cannot even see it; handlers run as the app role, so tenant data
 * still needs `withTenant`. Every instance may run a runner: jobs are taken
 * with SKIP LOCKED and each schedule tick is queued once.
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const registry = buildJobRegistry(options.modules);
  const parsedCronItems = options.schedules === false ? [] : toCronItems(registry.schedules);
  const log = options.log.child({ component: 'jobs' });
  // Told to running jobs the moment stop() is called; graphile-worker's own abort signal comes only after a timeout.
  const stopping = new AbortController();
  const taskList: TaskList = {};
  for (const [task, handler] of registry.handlers) taskList[task] = toWorkerTask(task, handler, { db: options.db, clock: options.clock, log, stopping: stopping.signal });

  // Ours, so that stop() can wait for its connections to close (graphile-worker ends its own pools without waiting).
  const pool = openQueuePool(options.settings, options.concurrency, log, options.silenceLimitMs);
  // Ours too, so listeners see every event from the first job on.
  const events: WorkerEvents = new EventEmitter();
  measureJobs(events);
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      // Explicit, or graphile-worker falls back to GRAPHILE_WORKER_SCHEMA, ./tasks and ./crontab.
      schema: 'graphile_worker',
      taskList,
      parsedCronItems,
      concurrency: options.concurrency,
      pollInterval: options.pollIntervalMs ?? 2000,
      // The process owns shutdown: graphile-worker's own handlers would re-send the signal to the process.
      noHandleSignals: true,
      logger: toWorkerLogger(log),
      events,
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  let exited = false;
  runner.promise.then(
    () => (exited = true),
    (error: unknown) => {
      exited = true;
      log.error({ err: error }, 'job runner stopped after an error');
    },
  );
  log.info({ tasks: [...registry.handlers.keys()], schedules: registry.schedules, concurrency: options.concurrency }, 'job runner started');

  let stopped: Promise<void> | null = null;
  return {
    async addJob(task, payload, { jobKey, maxAttempts } = {}) {
      // graphile-worker would queue an unknown task and no worker would ever take it.
      if (!registry.handlers.has(task)) throw new Error(`no module registers job task "${task}"`);
      const job = await runner.addJob(task, payload, { jobKey, maxAttempts });
      return { id: job.id };
    },
    onJobOutcome(listener) {
      const succeeded = ({ job }: { job: { id: string; task_identifier: string } }) => listener({ jobId: job.id, task: job.task_identifier, status: 'succeeded' });
      const failed = ({ job, error }: { job: { id: string; task_identifier: string; attempts: number; max_attempts: number }; error: unknown }) =>
        listener({ jobId: job.id, task: job.task_identifier, status: 'failed', error, willRetry: job.attempts < job.max_attempts });
      events.on('job:success', succeeded);
      events.on('job:error', failed);
      return () => {
        events.off('job:success', succeeded);
        events.off('job:error', failed);
      };
    },
    done: runner.promise,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        if (!exited) await runner.stop();
        await pool.end();
      })();
      return stopped;
    },
  };
}

/**
 * The queue's connections, as the owner role. Handlers use the app pool, so
 * this one only serves the queue: one LISTEN, job fetches and completions, cron.
 * Silence-limited as the app pool is: after a failover that leaves the old
 * primary's address dropping packets, a fetch on a dead connection fails and
 * the next opens a new one, where it would otherwise wait for ever and the
 * process would run no job again (a worker runs every job there is).
 */
function openQueuePool(settings: DatabaseSettings, concurrency: number, log: Logger, silenceLimitMs?: number): Pool {
  const pool = new Pool({
    connectionString: ownerUrl(settings),
    max: concurrency + 2,
    application_name: 'platform-jobs',
    ...(silenceLimitMs ? { Client: silenceLimitedClient(silenceLimitMs), connectionTimeoutMillis: silenceLimitMs } : {}),
  });
  // An idle or checked-out client that loses its server emits 'error'; unhandled, that would end the process.
  // Only the message and code: a pg error drags its whole client (connection settings and all) along.
  const report = (error: Error & { code?: string }) => log.error({ error: { message: error.message, code: error.code } }, 'job queue connection failed');
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

import type { ServiceModule } from '@platform/api';
import { systemClock } from '@platform/core';
import { appUrl, type DatabaseSettings } from '@platform/db';
import { DELIVER_TASK, startDeliveryWaker, type DeliveryWaker } from '@platform/notifications';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { GatewayConfig } from '../config';
import { startJobRunner, type JobRunner } from './job-runner';

/** A process's background work: the job runner, and the waker that queues a delivery pass as messages are queued. */
export interface BackgroundWork {
  readonly jobs: JobRunner;
  readonly waker: DeliveryWaker;
}

/**
 * Starts the job runner and the delivery waker, as `pnpm start` (unless
 * JOBS_ENABLED=false) and `pnpm worker` run them: delivery starts the moment
 * a message is queued (the outbox's NOTIFY queues a pass, under one job key,
 * so wakes collapse). Stop the waker first, so no pass is queued on a
 * stopping runner.
 */
export async function startBackgroundWork(config: GatewayConfig, settings: DatabaseSettings, modules: readonly ServiceModule[], db: DataSource, log: Logger): Promise<BackgroundWork> {
  const jobs = await startJobRunner({
    settings,
    modules,
    db,
    clock: systemClock,
    log,
    concurrency: config.jobsConcurrency,
    schedules: config.jobsSchedules,
    silenceLimitMs: config.databaseSilenceLimitMs,
  });
  try {
    const waker = await startDeliveryWaker({
      listenUrl: appUrl(settings),
      wake: async () => void (await jobs.addJob(DELIVER_TASK, {}, { jobKey: DELIVER_TASK, maxAttempts: 3 })),
      pollIntervalMs: config.notifications.delivery.pollIntervalMs,
      log: log.child({ component: 'notifications' }),
      silenceLimitMs: config.databaseSilenceLimitMs,
    });
    return { jobs, waker };
  } catch (error) {
    // The runner may have taken a job already: it finishes (or hands it back) rather than die with the process.
    await jobs.stop();
    throw error;
  }
}

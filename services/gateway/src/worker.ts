// First: tracing, when on, must see `pg` loaded.
import { tracing } from './instrument';
import 'reflect-metadata';
import { loadConfig } from './config';
import { startBackgroundWork, type BackgroundWork } from './jobs/background-work';
import { createLogger } from './logger';
import { createServiceModules } from './modules';
import { openNotificationChannels } from './notifications';
import { openAppDataSource, prepareDatabase } from './platform';
import { serviceSettingsFor } from './processor';

/**
 * `pnpm worker`: the job runner alone, no HTTP, for production's separate
 * worker processes beside gateways started with JOBS_ENABLED=false. It joins
 * a platform's database (DATABASE_URL; it never starts one of its own),
 * applies pending migrations as every process does (under a lock), and
 * charges through PROCESSOR_URL. On SIGINT/SIGTERM it takes no new job,
 * lets running ones finish within SHUTDOWN_TIMEOUT_MS, then exits.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    process.stderr.write('The worker joins a running platform: set DATABASE_URL (and PROCESSOR_URL) as for its gateways.\n');
    return 2;
  }
  const notifications = await openNotificationChannels(config.notifications);
  const modules = createServiceModules(serviceSettingsFor(config, { notifications: notifications.settings }));
  const database = await prepareDatabase(config, modules, log);
  const db = await openAppDataSource(database.settings, modules, config.databasePoolSize, 'platform-worker', config.databaseSilenceLimitMs);
  // In place before the job runner starts: from its first poll it may hold a job, which a signal's default action
  // would leave locked (for 4 hours) as a crashed process's.
  let starting: Promise<BackgroundWork | null> = Promise.resolve(null);
  const stopped = new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (reason: string, exitCode: number) => {
      if (stopping) return;
      stopping = true;
      log.info({ reason, timeoutMs: config.shutdownTimeoutMs }, 'worker shutting down');
      setTimeout(() => {
        log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting with jobs still running');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      // Asked while the runner starts: it finishes starting, then stops.
      const background = await starting.catch(() => null);
      await background?.waker.stop();
      await background?.jobs.stop();
      await notifications.close();
      await db.destroy();
      await tracing?.shutdown();
      resolve(exitCode);
    };
    process.on('SIGINT', () => void stop('SIGINT', 0));
    process.on('SIGTERM', () => void stop('SIGTERM', 0));
    const started = startBackgroundWork(config, database.settings, modules, db, log);
    starting = started;
    void started.then(
      (work) => {
        work.jobs.done.catch(() => void stop('job runner failed', 1));
        // Said once the runner is up and the signal handlers in place: a supervisor that stops the worker as soon as
        // it reads this line (a test does) gets a clean stop.
        if (!stopping) log.info({ concurrency: config.jobsConcurrency }, 'worker running');
      },
      (error: unknown) => {
        process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
        void stop('failed to start', 1);
      },
    );
  });
  return stopped;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

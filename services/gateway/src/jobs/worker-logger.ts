import { Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from 'pino';

/**
 * graphile-worker's own messages (start, shutdown, connection trouble) as
 * pino lines. Its metadata is dropped: for job lines it holds the whole job,
 * payload included. Its per-job success and failure lines are skipped too;
 * `toWorkerTask` writes structured ones instead.
 */
export function toWorkerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    if (meta?.success === true || meta?.failure === true) return;
    const fields = { workerId: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId };
    switch (String(level)) {
      case 'error':
        return log.error(fields, message);
      case 'warning':
        return log.warn(fields, message);
      case 'info':
        return log.info(fields, message);
      default:
        return log.debug(fields, message);
    }
  });
}

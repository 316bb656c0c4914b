import type { AddJobOptions, JobOutcome, JobRunner } from '@platform/gateway';

export interface RunJobOptions extends AddJobOptions {
  /** Give up waiting after this long (default 5000 ms); a retry waits about 3 s (graphile-worker's backoff). */
  readonly timeoutMs?: number;
}

/**
 * Queues a job and waits for it: resolves once an attempt succeeds; rejects
 * with the handler's error once no attempt is left, or after `timeoutMs`.
 * Without `maxAttempts`, a job gets one attempt, so a failing test fails at
 * once instead of waiting out retries.
 */
export function runJob(runner: JobRunner, task: string, payload: unknown, options: RunJobOptions = {}): Promise<void> {
  const { timeoutMs = 5000, maxAttempts = 1, jobKey } = options;
  return new Promise<void>((resolve, reject) => {
    let jobId: string | null = null;
    let lastError: unknown = null;
    // The job may finish before addJob's answer arrives, so outcomes are kept until we know its id.
    const early: JobOutcome[] = [];
    const stopWatching = () => {
      unsubscribe();
      clearTimeout(timer);
    };
    const fail = (error: unknown) => {
      stopWatching();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const consider = (outcome: JobOutcome) => {
      if (outcome.status === 'succeeded') {
        stopWatching();
        resolve();
        return;
      }
      lastError = outcome.error;
      if (!outcome.willRetry) fail(outcome.error);
    };
    const unsubscribe = runner.onJobOutcome((outcome) => {
      if (jobId === null) early.push(outcome);
      else if (outcome.jobId === jobId) consider(outcome);
    });
    const timer = setTimeout(() => {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      fail(new Error(`job ${task} did not succeed within ${timeoutMs} ms${detail}`));
    }, timeoutMs);
    runner.addJob(task, payload, { jobKey, maxAttempts }).then((job) => {
      jobId = job.id;
      for (const outcome of early.filter((o) => o.jobId === job.id)) consider(outcome);
    }, fail);
  });
}

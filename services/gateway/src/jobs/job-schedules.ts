import type { JobSchedule } from '@platform/api';
import { parseCronItem, type ParsedCronItem } from 'graphile-worker';

/**
 * The modules' schedules as graphile-worker cron items (times in UTC). Each
 * task is its own cron identifier: graphile-worker records the last tick per
 * identifier, which is how several gateway instances schedule a tick once.
 * No backfill: a tick missed while every instance was down is not replayed,
 * so jobs that must catch up look at their own state, not at the tick.
 *
 * The next tick is the retry of a failed one: a tick is tried
 * TICK_ATTEMPTS times (a passing fault, seconds apart), not graphile-worker's
 * default 25 over days, and under a job key of its task, so a tick still
 * waiting to be retried is replaced by the next rather than joined by it. A
 * city that always fails (eachIndependently fails the job after the others
 * are done) otherwise had every city's pass redone some 25 times a tick. A
 * tick still running (or killed mid-run) when the next comes gives up its key
 * and its retries to it (graphile-worker's add_job), so it holds up nothing.
 */
const TICK_ATTEMPTS = 3;

export function toCronItems(schedules: readonly JobSchedule[]): ParsedCronItem[] {
  return schedules.map(({ task, cron }) => {
    try {
      return parseCronItem({ task, match: cron, identifier: task, options: { maxAttempts: TICK_ATTEMPTS, jobKey: task, backfillPeriod: 0 } });
    } catch (error) {
      throw new Error(`schedule of job task "${task}" has a bad cron expression "${cron}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

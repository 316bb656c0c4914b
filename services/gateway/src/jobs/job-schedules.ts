import type { JobSchedule } from '@platform/api';
import { parseCronItem, type ParsedCronItem } from 'graphile-worker';

/**
 * The modules' schedules as graphile-worker cron items (times in UTC). Each
 * task is its own cron identifier: graphile-worker records the last tick per
 * identifier, which is how several gateway instances schedule a tick once.
 * No backfill: a tick missed while every instance was down is not replayed,
 * so jobs that must catch up look at their own state, not at the tick.
 */
export function toCronItems(schedules: readonly JobSchedule[]): ParsedCronItem[] {
  return schedules.map(({ task, cron }) => {
    try {
      return parseCronItem({ task, match: cron, identifier: task });
    } catch (error) {
      throw new Error(`schedule of job task "${task}" has a bad cron expression "${cron}": ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

import type { Logger } from 'pino';

/**
 * Runs `work` for every item even when some fail (one stuck payment must not
 * hold up every later one, or every later city), logging each failure; then
 * fails the job as a whole if any did, so the job runner records and retries it.
 */
export async function eachIndependently<T>(items: readonly T[], log: Logger, describe: (item: T) => Record<string, string>, work: (item: T) => Promise<void>): Promise<void> {
  let failures = 0;
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      failures++;
      log.error({ ...describe(item), error: { message: error instanceof Error ? error.message : String(error) } }, 'job item failed');
    }
  }
  if (failures > 0) throw new Error(`${failures} of ${items.length} items failed`);
}

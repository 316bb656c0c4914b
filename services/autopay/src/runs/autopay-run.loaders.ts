import { requireTenant, type LoaderFactory } from '@platform/api';
import { withTenant } from '@platform/db';
import DataLoader from 'dataloader';
import { outcomesOfRuns, type NumberedOutcome, type OutcomePosition } from './autopay-run.queries';

/** A page of one run's outcomes: `size` of them after `after` (null: from the start). */
export interface OutcomePageKey {
  readonly runId: string;
  readonly size: number;
  readonly after: OutcomePosition | null;
}

/**
 * Pages of outcomes for a page of runs, in one batch per request: the runs
 * of a list share their `outcomes(first, after)` arguments, so the batch is
 * one query per distinct pair of arguments (usually one).
 */
export const runOutcomesLoader: LoaderFactory<OutcomePageKey, readonly NumberedOutcome[]> = (ctx) =>
  new DataLoader<OutcomePageKey, readonly NumberedOutcome[], string>(
    async (keys) =>
      withTenant(requireTenant(ctx), async (manager) => {
        const pages = new Map<string, Map<string, NumberedOutcome[]>>();
        for (const key of keys) {
          const args = argsOf(key);
          if (pages.has(args)) continue;
          const runIds = keys.filter((other) => argsOf(other) === args).map((other) => other.runId);
          pages.set(args, await outcomesOfRuns(manager, runIds, key.size, key.after));
        }
        return keys.map((key) => pages.get(argsOf(key))?.get(key.runId) ?? []);
      }),
    { cacheKeyFn: (key) => `${key.runId}/${argsOf(key)}` },
  );

const argsOf = (key: OutcomePageKey) => `${key.size}/${key.after?.join('.') ?? ''}`;

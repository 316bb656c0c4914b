import { cursorCodec, fetchSize, type TenantContext } from '@platform/api';
import { findServiceAccounts } from '@platform/billing';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { AutopayOutcomeEntity, type OutcomeKind } from './autopay-outcome.entity';
import { AutopayRunEntity } from './autopay-run.entity';

/*
 * Staff reads of runs and what they did, in the caller's tenant transaction.
 * Lists are keyset pages (a position, never an offset) of `fetchSize(size)`
 * rows: the extra row says whether another page follows.
 */

/** A position in the newest-first run list: the last run's start and id. */
export const runCursor = cursorCodec('autopayRuns', 'timestamp', 'uuid');
/** A position in a run's outcomes: the last outcome's sequence number. */
export const outcomeCursor = cursorCodec('outcomes', 'integer');

/** A run with the counts of what it did. */
export interface SummarizedRun {
  readonly run: AutopayRunEntity;
  readonly summary: RunSummary;
}

/** Runs, newest first, after `after`, with their summaries: `fetchSize(size)` of them, in two statements. */
export async function runsPage(ctx: TenantContext, size: number, after: readonly [Date, string] | null): Promise<SummarizedRun[]> {
  return withTenant(ctx, async (manager) => {
    const query = manager.getRepository(AutopayRunEntity).createQueryBuilder('r').orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(fetchSize(size));
    if (after) query.andWhere('(r.started_at, r.id) < (:at, :id)', { at: after[0], id: after[1] });
    return summarized(manager, await query.getMany());
  });
}

/** One run with its summary; null when the city has no such run. */
export async function findRun(ctx: TenantContext, id: string): Promise<SummarizedRun | null> {
  return withTenant(ctx, async (manager) => {
    const run = await manager.getRepository(AutopayRunEntity).findOneBy({ id });
    return run ? ((await summarized(manager, [run]))[0] ?? null) : null;
  });
}

/** These runs with their summaries, in the caller's transaction. */
export async function summarized(manager: EntityManager, runs: readonly AutopayRunEntity[]): Promise<SummarizedRun[]> {
  const summaries = await summarizeRuns(
    manager,
    runs.map((run) => run.id),
  );
  return runs.map((run) => ({ run, summary: summaries.get(run.id) ?? EMPTY }));
}

/** An outcome with the number of the account it concerns, as staff read it. */
export interface NumberedOutcome {
  readonly outcome: AutopayOutcomeEntity;
  readonly accountNumber: string;
}

/**
 * A page of outcomes of each of several runs, in the order they happened,
 * after sequence number `afterSeq`: `fetchSize(size)` rows per run at most,
 * in two statements whatever the number of runs.
 */
export async function outcomesOfRuns(manager: EntityManager, runIds: readonly string[], size: number, afterSeq: bigint | null): Promise<Map<string, NumberedOutcome[]>> {
  const outcomes = await manager
    .getRepository(AutopayOutcomeEntity)
    .createQueryBuilder('o')
    .where(
      `o.id IN (SELECT id FROM (
         SELECT id, row_number() OVER (PARTITION BY run_id ORDER BY seq) AS n FROM autopay_outcomes
          WHERE run_id = ANY(:runIds) AND (CAST(:afterSeq AS bigint) IS NULL OR seq > CAST(:afterSeq AS bigint))) ranked
        WHERE n <= :rows)`,
      { runIds: [...runIds], afterSeq: afterSeq?.toString() ?? null, rows: fetchSize(size) },
    )
    .orderBy('o.seq', 'ASC')
    .getMany();
  const numbers = new Map((await findServiceAccounts(manager, [...new Set(outcomes.map((o) => o.serviceAccountId))])).map((a) => [a.id, a.accountNumber]));
  const byRun = new Map<string, NumberedOutcome[]>(runIds.map((id) => [id, []]));
  for (const outcome of outcomes) byRun.get(outcome.runId)?.push({ outcome, accountNumber: numbers.get(outcome.serviceAccountId) ?? '' });
  return byRun;
}

export interface RunSummary {
  readonly charged: number;
  readonly failed: number;
  readonly suspended: number;
  readonly skipped: number;
  readonly awaitingProcessor: number;
  readonly amountChargedCents: bigint;
}

const EMPTY: RunSummary = { charged: 0, failed: 0, suspended: 0, skipped: 0, awaitingProcessor: 0, amountChargedCents: 0n };
const FIELD: Record<OutcomeKind, Exclude<keyof RunSummary, 'amountChargedCents'>> = {
  CHARGED: 'charged',
  FAILED: 'failed',
  SUSPENDED: 'suspended',
  SKIPPED: 'skipped',
  AWAITING_PROCESSOR: 'awaitingProcessor',
};

/** Counts per outcome of several runs, in one query. */
async function summarizeRuns(manager: EntityManager, runIds: readonly string[]): Promise<Map<string, RunSummary>> {
  const summaries = new Map<string, RunSummary>(runIds.map((id) => [id, EMPTY]));
  if (runIds.length === 0) return summaries;
  const rows = await manager.query<{ run_id: string; kind: OutcomeKind; n: number; cents: string }[]>(
    `SELECT run_id, kind, count(*)::int AS n, coalesce(sum(amount_cents), 0)::text AS cents
       FROM autopay_outcomes WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, kind`,
    [runIds],
  );
  for (const row of rows) {
    const current = summaries.get(row.run_id) ?? EMPTY;
    summaries.set(row.run_id, { ...current, [FIELD[row.kind]]: row.n, ...(row.kind === 'CHARGED' && { amountChargedCents: BigInt(row.cents) }) });
  }
  return summaries;
}

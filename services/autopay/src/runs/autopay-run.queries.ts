import { cursorCodec, fetchSize, type TenantContext } from '@platform/api';
import { findServiceAccounts } from '@platform/billing';
import { paymentFeesById } from '@platform/payments';
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
/**
 * A position in a run's outcomes: the last outcome's id. Not its writing transaction and sequence number, the order
 * the list follows: both count every city's writes, and a cursor is readable (see cursor.ts in @platform/api).
 */
export const outcomeCursor = cursorCodec('outcomes', 'uuid');
export type OutcomePosition = readonly [outcomeId: string];

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
  /** The convenience fee its attempt's payment carried (see attemptFee); null when no attempt was made. */
  readonly feeCents: bigint | null;
}

/*
 * Why a run still going lists its outcomes only below a horizon. A run
 * charges through several slots at once, and a slot recording a failure goes
 * on after writing its outcome (telling the resident, suspending), so
 * outcomes commit out of the order they were numbered in: staff paging a
 * run could be handed outcome 8, resume after it, and never see 7 committed
 * later. So, as the event feed does (read-events.ts), outcomes are ordered by
 * the id of the transaction that wrote them, then `seq`, and a running run
 * lists only those of transactions older than the oldest one still running
 * (pg_snapshot_xmin of the statement's own snapshot): each of those has
 * ended, and any transaction later gets a larger id, so what is listed is
 * final and a cursor never passes an outcome yet to commit. The price: one
 * long writing transaction anywhere in the database holds a running run's
 * newer outcomes back until it ends. A finished run waits for nothing: it is
 * marked finished only once its last outcome is committed (RunContext.finish),
 * and no outcome is added to it after.
 */
const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

/**
 * A page of outcomes of each of several runs, in the order they were
 * written, after `after`: `fetchSize(size)` rows per run at most, in two
 * statements whatever the number of runs.
 */
export async function outcomesOfRuns(manager: EntityManager, runIds: readonly string[], size: number, after: OutcomePosition | null): Promise<Map<string, NumberedOutcome[]>> {
  const outcomes = await manager
    .getRepository(AutopayOutcomeEntity)
    .createQueryBuilder('o')
    .where(
      `o.id IN (SELECT id FROM (
         SELECT ao.id, row_number() OVER (PARTITION BY ao.run_id ORDER BY ao.xact_id, ao.seq) AS n
           FROM autopay_outcomes ao JOIN autopay_runs ar ON ar.tenant_id = ao.tenant_id AND ar.id = ao.run_id
          WHERE ao.run_id = ANY(:runIds) AND (ar.finished_at IS NOT NULL OR ao.xact_id < ${HORIZON})
            AND (CAST(:after AS uuid) IS NULL OR (ao.xact_id, ao.seq) > (SELECT a.xact_id, a.seq FROM autopay_outcomes a WHERE a.id = CAST(:after AS uuid) AND a.run_id = ao.run_id))) ranked
        WHERE n <= :rows)`,
      { runIds: [...runIds], after: after?.[0] ?? null, rows: fetchSize(size) },
    )
    .orderBy('o.xactId', 'ASC')
    .addOrderBy('o.seq', 'ASC')
    .getMany();
  const numbers = new Map((await findServiceAccounts(manager, [...new Set(outcomes.map((o) => o.serviceAccountId))])).map((a) => [a.id, a.accountNumber]));
  const fees = await paymentFeesById(manager, [...new Set(outcomes.flatMap((o) => (feeNotKept(o) && o.paymentId ? [o.paymentId] : [])))]);
  const byRun = new Map<string, NumberedOutcome[]>(runIds.map((id) => [id, []]));
  for (const outcome of outcomes) byRun.get(outcome.runId)?.push({ outcome, accountNumber: numbers.get(outcome.serviceAccountId) ?? '', feeCents: attemptFee(outcome, fees) });
  return byRun;
}

/** An attempt's outcome written before outcomes kept their payment's fee (OutcomeFee1763801203800). */
const feeNotKept = (outcome: AutopayOutcomeEntity) => outcome.amountCents !== null && outcome.feeCents === null;

/** The fee an outcome's attempt carried: its own, or, written before outcomes kept it, its payment's (`fees`, by payment id). */
function attemptFee(outcome: AutopayOutcomeEntity, fees: ReadonlyMap<string, bigint>): bigint | null {
  if (!feeNotKept(outcome)) return outcome.feeCents;
  return outcome.paymentId ? (fees.get(outcome.paymentId) ?? null) : null;
}

export interface RunSummary {
  readonly charged: number;
  readonly failed: number;
  readonly suspended: number;
  readonly skipped: number;
  readonly awaitingProcessor: number;
  /** What the CHARGED outcomes paid toward accounts, convenience fees aside. */
  readonly amountChargedCents: bigint;
  /** What the CHARGED outcomes took from the payers' cards and bank accounts: amountChargedCents and the fees on top. */
  readonly totalChargedCents: bigint;
}

const EMPTY: RunSummary = { charged: 0, failed: 0, suspended: 0, skipped: 0, awaitingProcessor: 0, amountChargedCents: 0n, totalChargedCents: 0n };
const FIELD: Record<OutcomeKind, Exclude<keyof RunSummary, 'amountChargedCents' | 'totalChargedCents'>> = {
  CHARGED: 'charged',
  FAILED: 'failed',
  SUSPENDED: 'suspended',
  SKIPPED: 'skipped',
  AWAITING_PROCESSOR: 'awaitingProcessor',
};

/**
 * Counts per outcome of several runs, in one query; and, for charges recorded
 * before outcomes kept their fee (none since), a second for their payments' fees.
 */
async function summarizeRuns(manager: EntityManager, runIds: readonly string[]): Promise<Map<string, RunSummary>> {
  const summaries = new Map<string, RunSummary>(runIds.map((id) => [id, EMPTY]));
  if (runIds.length === 0) return summaries;
  const rows = await manager.query<{ run_id: string; kind: OutcomeKind; n: number; cents: string; fees: string; fee_not_kept: string[] }[]>(
    `SELECT run_id, kind, count(*)::int AS n, coalesce(sum(amount_cents), 0)::text AS cents, coalesce(sum(fee_cents), 0)::text AS fees,
            coalesce(array_agg(payment_id::text) FILTER (WHERE amount_cents IS NOT NULL AND fee_cents IS NULL AND payment_id IS NOT NULL), '{}') AS fee_not_kept
       FROM autopay_outcomes WHERE run_id = ANY($1::uuid[]) GROUP BY run_id, kind`,
    [runIds],
  );
  const charged = rows.filter((row) => row.kind === 'CHARGED');
  const feesNotKept = await paymentFeesById(manager, [...new Set(charged.flatMap((row) => row.fee_not_kept))]);
  for (const row of rows) {
    const current = summaries.get(row.run_id) ?? EMPTY;
    summaries.set(row.run_id, { ...current, [FIELD[row.kind]]: row.n });
  }
  for (const row of charged) {
    const fees = row.fee_not_kept.reduce((sum, id) => sum + (feesNotKept.get(id) ?? 0n), BigInt(row.fees));
    const current = summaries.get(row.run_id) ?? EMPTY;
    summaries.set(row.run_id, { ...current, amountChargedCents: BigInt(row.cents), totalChargedCents: BigInt(row.cents) + fees });
  }
  return summaries;
}

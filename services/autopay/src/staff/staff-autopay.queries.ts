import type { EntityManager } from 'typeorm';
import { AutopayEnrollmentEntity, type EnrollmentStatus } from '../enrollment/autopay-enrollment.entity';
import { AutopayOutcomeEntity, type OutcomeKind } from '../runs/autopay-outcome.entity';
import { AutopayRunEntity } from '../runs/autopay-run.entity';

/*
 * Staff reads, in the caller's tenant transaction. Lists are newest first
 * with keyset cursors (a position, never an offset); one extra row says
 * whether another page follows.
 */

export interface Page<T> {
  readonly rows: T[];
  readonly hasNextPage: boolean;
}

/** A position in a newest-first list: the last row's time and id. */
export interface TimeCursor {
  readonly at: Date;
  readonly id: string;
}

export const encodeTimeCursor = (cursor: TimeCursor) => Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');

export function decodeTimeCursor(cursor: string): TimeCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  return id && /^[0-9a-f-]{36}$/i.test(id) && !Number.isNaN(at.getTime()) ? { at, id } : null;
}

const page = <T>(rows: T[], first: number): Page<T> => ({ rows: rows.slice(0, first), hasNextPage: rows.length > first });

/** Enrolments, most recently enrolled first, optionally of one status. */
export async function listEnrollments(manager: EntityManager, status: EnrollmentStatus | null, first: number, after: TimeCursor | null): Promise<Page<AutopayEnrollmentEntity>> {
  const query = manager.getRepository(AutopayEnrollmentEntity).createQueryBuilder('e').orderBy('e.enrolled_at', 'DESC').addOrderBy('e.service_account_id', 'DESC').limit(first + 1);
  if (status) query.andWhere('e.status = :status', { status });
  if (after) query.andWhere('(e.enrolled_at, e.service_account_id) < (:at, :id)', { at: after.at, id: after.id });
  return page(await query.getMany(), first);
}

export async function listRuns(manager: EntityManager, first: number, after: TimeCursor | null): Promise<Page<AutopayRunEntity>> {
  const query = manager.getRepository(AutopayRunEntity).createQueryBuilder('r').orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(first + 1);
  if (after) query.andWhere('(r.started_at, r.id) < (:at, :id)', { at: after.at, id: after.id });
  return page(await query.getMany(), first);
}

/** A run's outcomes in the order they happened, after the outcome with sequence number `afterSeq`. */
export async function listOutcomes(manager: EntityManager, runId: string, first: number, afterSeq: string | null): Promise<Page<AutopayOutcomeEntity>> {
  const query = manager.getRepository(AutopayOutcomeEntity).createQueryBuilder('o').where('o.run_id = :runId', { runId }).orderBy('o.seq', 'ASC').limit(first + 1);
  if (afterSeq) query.andWhere('o.seq > :afterSeq', { afterSeq });
  return page(await query.getMany(), first);
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
export async function summarizeRuns(manager: EntityManager, runIds: readonly string[]): Promise<Map<string, RunSummary>> {
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

import type { TenantContext } from '@platform/api';
import type { IsoDate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { DrawerClose, DrawerReopening } from './counter-drawer-close';

const COLUMNS = `id, clerk_id AS "clerkId", to_char(business_date, 'YYYY-MM-DD') AS date, idempotency_key AS "idempotencyKey",
  expected_cash_cents::text AS "expectedCashCents", expected_checks_count AS "expectedChecksCount", expected_checks_cents::text AS "expectedChecksCents",
  counted_cash_cents::text AS "countedCashCents", counted_checks_count AS "countedChecksCount", counted_checks_cents::text AS "countedChecksCents",
  over_short_cents::text AS "overShortCents", reason, closed_at AS "closedAt",
  reopened_at AS "reopenedAt", reopened_by AS "reopenedBy", reopen_reason AS "reopenReason", reopen_idempotency_key AS "reopenKey"`;

type Row = Omit<DrawerClose, 'expectedCashCents' | 'expectedChecksCents' | 'countedCashCents' | 'countedChecksCents' | 'overShortCents' | 'reopening'> &
  Record<'expectedCashCents' | 'expectedChecksCents' | 'countedCashCents' | 'countedChecksCents' | 'overShortCents', string> & {
    reopenedAt: Date | null;
    reopenedBy: string | null;
    reopenReason: string | null;
    reopenKey: string | null;
  };

const fromRow = ({ reopenedAt, reopenedBy, reopenReason, reopenKey, ...row }: Row): DrawerClose => ({
  ...row,
  expectedCashCents: BigInt(row.expectedCashCents),
  expectedChecksCents: BigInt(row.expectedChecksCents),
  countedCashCents: BigInt(row.countedCashCents),
  countedChecksCents: BigInt(row.countedChecksCents),
  overShortCents: BigInt(row.overShortCents),
  // The table's check keeps the four together.
  reopening: reopenedAt ? { reopenedAt, reopenedBy: reopenedBy!, reason: reopenReason!, idempotencyKey: reopenKey! } : null,
});

/** The close recorded under a clerk's key, if any. */
export async function closeByKey(manager: EntityManager, idempotencyKey: string): Promise<DrawerClose | null> {
  const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM counter_drawer_closes WHERE idempotency_key = $1`, [idempotencyKey]);
  return row ? fromRow(row) : null;
}

/** The close reopened under an ADMIN's key, if any. */
export async function closeByReopenKey(manager: EntityManager, idempotencyKey: string): Promise<DrawerClose | null> {
  const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM counter_drawer_closes WHERE reopen_idempotency_key = $1`, [idempotencyKey]);
  return row ? fromRow(row) : null;
}

/** The drawer's standing close (not reopened), if it is closed; read under the drawer's lock to stay so. */
export async function standingClose(manager: EntityManager, clerkId: string, date: IsoDate): Promise<DrawerClose | null> {
  const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM counter_drawer_closes WHERE clerk_id = $1 AND business_date = $2::date AND reopened_at IS NULL`, [clerkId, date]);
  return row ? fromRow(row) : null;
}

/** Marks a standing close reopened, in the caller's transaction (under the drawer's lock). */
export async function markReopened(manager: EntityManager, closeId: string, reopening: DrawerReopening): Promise<void> {
  await manager.query(`UPDATE counter_drawer_closes SET reopened_at = $2, reopened_by = $3, reopen_reason = $4, reopen_idempotency_key = $5 WHERE id = $1`, [
    closeId,
    reopening.reopenedAt,
    reopening.reopenedBy,
    reopening.reason,
    reopening.idempotencyKey,
  ]);
}

/** The day's closes (the city's calendar), reopened ones too, in the order closed; one clerk's when `clerkId` is given. */
export async function closesOfDay(ctx: TenantContext, date: IsoDate, clerkId: string | null): Promise<DrawerClose[]> {
  const rows = await withTenant(ctx, (manager) =>
    manager.query<Row[]>(`SELECT ${COLUMNS} FROM counter_drawer_closes WHERE business_date = $1::date AND ($2::text IS NULL OR clerk_id = $2::text) ORDER BY closed_at`, [date, clerkId]),
  );
  return rows.map(fromRow);
}

/** Records a close, in the caller's transaction (under the drawer's lock). */
export async function insertClose(manager: EntityManager, ctx: TenantContext, close: DrawerClose): Promise<void> {
  await manager.query(
    `INSERT INTO counter_drawer_closes (tenant_id, id, clerk_id, business_date, idempotency_key, expected_cash_cents, expected_checks_count, expected_checks_cents,
       counted_cash_cents, counted_checks_count, counted_checks_cents, over_short_cents, reason, closed_at)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      ctx.tenant.id,
      close.id,
      close.clerkId,
      close.date,
      close.idempotencyKey,
      close.expectedCashCents.toString(),
      close.expectedChecksCount,
      close.expectedChecksCents.toString(),
      close.countedCashCents.toString(),
      close.countedChecksCount,
      close.countedChecksCents.toString(),
      close.overShortCents.toString(),
      close.reason,
      close.closedAt,
    ],
  );
}

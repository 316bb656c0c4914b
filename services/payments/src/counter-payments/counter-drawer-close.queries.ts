import type { TenantContext } from '@platform/api';
import type { IsoDate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { DrawerClose } from './counter-drawer-close';

const COLUMNS = `id, clerk_id AS "clerkId", to_char(business_date, 'YYYY-MM-DD') AS date, idempotency_key AS "idempotencyKey",
  expected_cash_cents::text AS "expectedCashCents", expected_checks_count AS "expectedChecksCount", expected_checks_cents::text AS "expectedChecksCents",
  counted_cash_cents::text AS "countedCashCents", counted_checks_count AS "countedChecksCount", counted_checks_cents::text AS "countedChecksCents",
  over_short_cents::text AS "overShortCents", reason, closed_at AS "closedAt"`;

type Row = Omit<DrawerClose, 'expectedCashCents' | 'expectedChecksCents' | 'countedCashCents' | 'countedChecksCents' | 'overShortCents'> &
  Record<'expectedCashCents' | 'expectedChecksCents' | 'countedCashCents' | 'countedChecksCents' | 'overShortCents', string>;

const fromRow = (row: Row): DrawerClose => ({
  ...row,
  expectedCashCents: BigInt(row.expectedCashCents),
  expectedChecksCents: BigInt(row.expectedChecksCents),
  countedCashCents: BigInt(row.countedCashCents),
  countedChecksCents: BigInt(row.countedChecksCents),
  overShortCents: BigInt(row.overShortCents),
});

/** The close recorded under a clerk's key, if any. */
export async function closeByKey(manager: EntityManager, idempotencyKey: string): Promise<DrawerClose | null> {
  const [row] = await manager.query<Row[]>(`SELECT ${COLUMNS} FROM counter_drawer_closes WHERE idempotency_key = $1`, [idempotencyKey]);
  return row ? fromRow(row) : null;
}

/** The day's closes (the city's calendar), each clerk's; one clerk's when `clerkId` is given. */
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

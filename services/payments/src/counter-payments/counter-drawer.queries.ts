import type { TenantContext } from '@platform/api';
import type { CounterMethod, IsoDate } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { PaymentStatus } from '../payment/payment.state';
import type { DrawerPayment } from './counter-drawer';

/*
 * The day's counter payments (cash and checks), from the start of the day to the start of the next in the city's
 * time zone, each with the staff member who recorded it (its first transition's actor), in the order they were taken.
 * $1 the day, $2 the time zone, $3 one clerk's user id or null for all.
 */
const DAY_AT_COUNTER = `
  SELECT p.id, p.confirmation_number AS "confirmationNumber", p.method_kind AS "methodKind", p.check_number AS "checkNumber",
         p.total_cents::text AS "totalCents", p.cash_received_cents::text AS "cashReceivedCents", p.status, p.received_by AS "receivedBy",
         p.made_at AS "madeAt", t.actor AS "clerkId"
    FROM payments p
    JOIN payment_transitions t ON t.tenant_id = p.tenant_id AND t.payment_id = p.id AND t.from_status IS NULL
   WHERE p.method_kind IN ('CASH', 'CHECK')
     AND p.made_at >= ($1::date::timestamp AT TIME ZONE $2) AND p.made_at < (($1::date + 1)::timestamp AT TIME ZONE $2)
     AND ($3::text IS NULL OR t.actor = $3::text)
   ORDER BY p.made_at, t.seq`;

interface Row {
  id: string;
  confirmationNumber: string;
  methodKind: CounterMethod;
  checkNumber: string | null;
  totalCents: string;
  cashReceivedCents: string | null;
  status: PaymentStatus;
  receivedBy: string | null;
  madeAt: Date;
  clerkId: string;
}

/** The counter payments of `date` (the city's calendar): one clerk's (their user id), or everyone's. */
export async function counterPaymentsOfDay(ctx: TenantContext, date: IsoDate, clerkId: string | null): Promise<DrawerPayment[]> {
  return withTenant(ctx, (manager) => counterPaymentsOfDayIn(manager, ctx, date, clerkId));
}

/** counterPaymentsOfDay in the caller's transaction (a drawer's close reads them under the drawer's lock). */
export async function counterPaymentsOfDayIn(manager: EntityManager, ctx: TenantContext, date: IsoDate, clerkId: string | null): Promise<DrawerPayment[]> {
  const rows = await manager.query<Row[]>(DAY_AT_COUNTER, [date, ctx.tenant.timeZone, clerkId]);
  return rows.map((row) => ({
    ...row,
    totalCents: BigInt(row.totalCents),
    cashReceivedCents: row.cashReceivedCents === null ? null : BigInt(row.cashReceivedCents),
    receivedBy: row.receivedBy ?? '',
  }));
}

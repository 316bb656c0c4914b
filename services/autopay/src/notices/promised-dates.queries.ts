import { paidDownSince, type BillingScope } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { Cycle, PromisedDates } from '../autopay-calendar';
import type { DeductionBound } from '../runs/autopay-decision';
import { noticeOfEnrolment } from './notice-of-enrolment';

/**
 * The deduction dates reminders named for these accounts' enrolments (not
 * an enrolment cancelled since: the one enrolled again was told the city's
 * day), from cycle `since` on, in the caller's tenant transaction, in one
 * statement. An account reminded of nothing has no entry.
 */
export async function promisedDates(manager: EntityManager, accountIds: readonly string[], since: Cycle): Promise<Map<string, PromisedDates>> {
  if (accountIds.length === 0) return new Map();
  const rows = await manager.query<{ service_account_id: string; cycle: Cycle; deduction_date: IsoDate }[]>(
    `SELECT n.service_account_id, n.cycle, n.deduction_date::text
       FROM autopay_notices n JOIN autopay_enrollments e ON e.tenant_id = n.tenant_id AND e.service_account_id = n.service_account_id AND ${noticeOfEnrolment('n', 'e')}
      WHERE n.kind = 'REMINDER' AND n.deduction_date IS NOT NULL AND n.cycle >= $1 AND n.service_account_id = ANY($2::uuid[])`,
    [since, accountIds],
  );
  const byAccount = new Map<string, Map<Cycle, IsoDate>>();
  for (const row of rows) {
    const dates = byAccount.get(row.service_account_id) ?? new Map<Cycle, IsoDate>();
    byAccount.set(row.service_account_id, dates.set(row.cycle, row.deduction_date));
  }
  return byAccount;
}

/**
 * What these deductions' reminders announced to the enrolments there are
 * now, by `account/cycle`, in the caller's tenant transaction, in at most two
 * statements: the amount due, less what the account was paid down by since
 * the reminder went out (paidDownSince), is the most the run takes for each,
 * and the fee the most it adds, since a resident is told what will be
 * charged before it is. A deduction reminded of nothing (none sent, or
 * recorded before reminders kept their amount) has no entry, and is charged
 * what is owed. Nor has one whose reminder said it would not be paid (0)
 * when the resident changed autopay since (a maximum raised): the change's
 * answer, the last word they had, said what the run will now do.
 */
export async function remindedAmounts(
  manager: EntityManager,
  scope: BillingScope,
  deductions: readonly { readonly serviceAccountId: string; readonly cycle: Cycle }[],
): Promise<Map<string, DeductionBound>> {
  if (deductions.length === 0) return new Map();
  const rows = await manager.query<{ service_account_id: string; cycle: Cycle; amount_cents: string; fee_cents: string | null; sent_at: Date }[]>(
    `SELECT n.service_account_id, n.cycle, n.amount_cents::text, n.fee_cents::text, n.sent_at
       FROM unnest($1::uuid[], $2::text[]) AS d (account, cycle)
       JOIN autopay_notices n ON n.service_account_id = d.account AND n.cycle = d.cycle
       JOIN autopay_enrollments e ON e.tenant_id = n.tenant_id AND e.service_account_id = n.service_account_id AND ${noticeOfEnrolment('n', 'e')}
      WHERE n.kind = 'REMINDER' AND n.amount_cents IS NOT NULL AND NOT (n.amount_cents = 0 AND e.updated_at > n.sent_at)`,
    [deductions.map((d) => d.serviceAccountId), deductions.map((d) => d.cycle)],
  );
  const paidDown = await paidDownSince(
    manager,
    scope,
    rows.map((row) => ({ serviceAccountId: row.service_account_id, since: row.sent_at })),
  );
  return new Map(
    rows.map((row, i) => [
      remindedKey(row.service_account_id, row.cycle),
      { amountCents: BigInt(row.amount_cents), feeCents: row.fee_cents === null ? null : BigInt(row.fee_cents), paidDownCents: paidDown[i]! },
    ]),
  );
}

export const remindedKey = (serviceAccountId: string, cycle: Cycle) => `${serviceAccountId}/${cycle}`;

import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { Cycle, PromisedDates } from '../autopay-calendar';
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

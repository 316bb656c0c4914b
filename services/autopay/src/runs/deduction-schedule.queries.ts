import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { NO_SCHEDULE, type Cycle, type DeductionSchedule } from '../autopay-calendar';
import { promisedDates } from '../notices/promised-dates.queries';

/**
 * What these accounts' coming deductions keep to (DeductionSchedule), in the
 * caller's tenant transaction, in two statements, one of them on
 * autopay_deductions: the dates their reminders named from cycle `since`
 * on; the retries scheduled for their failed deductions (whichever
 * enrolment they were scheduled under: the run makes one only while the
 * account's enrolment covers its cycle); and the cycles from `since` on
 * that already have their deduction (the run makes a cycle's first attempt
 * once per account, whoever was enrolled). Every account asked for has an
 * entry, NO_SCHEDULE when none of these is true of it.
 */
export async function deductionSchedules(manager: EntityManager, accountIds: readonly string[], since: Cycle): Promise<Map<string, DeductionSchedule>> {
  if (accountIds.length === 0) return new Map();
  const promised = await promisedDates(manager, accountIds, since);
  const rows = await manager.query<{ service_account_id: string; cycle: Cycle; status: string; next_attempt_on: IsoDate | null }[]>(
    `SELECT service_account_id, cycle, status, next_attempt_on::text FROM autopay_deductions
      WHERE service_account_id = ANY($1::uuid[]) AND (status = 'RETRY_SCHEDULED' OR cycle >= $2)`,
    [accountIds, since],
  );
  const retries = new Map<string, Map<Cycle, IsoDate>>();
  const settled = new Map<string, Set<Cycle>>();
  for (const row of rows) {
    if (row.cycle >= since) settled.set(row.service_account_id, (settled.get(row.service_account_id) ?? new Set<Cycle>()).add(row.cycle));
    if (row.status === 'RETRY_SCHEDULED' && row.next_attempt_on !== null) {
      retries.set(row.service_account_id, (retries.get(row.service_account_id) ?? new Map<Cycle, IsoDate>()).set(row.cycle, row.next_attempt_on));
    }
  }
  return new Map(
    accountIds.map((id) => [
      id,
      {
        promised: promised.get(id) ?? NO_SCHEDULE.promised,
        retries: retries.get(id) ?? NO_SCHEDULE.retries,
        settled: settled.get(id) ?? NO_SCHEDULE.settled,
      },
    ]),
  );
}

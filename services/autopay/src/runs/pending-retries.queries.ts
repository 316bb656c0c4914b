import type { IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { Cycle, PendingRetries } from '../autopay-calendar';

/**
 * The retries scheduled for these accounts' failed deductions (whichever
 * enrolment they were scheduled under: the run makes one only while the
 * account's enrolment covers its cycle), in the caller's tenant transaction,
 * in one statement. An account with none has no entry.
 */
export async function pendingRetries(manager: EntityManager, accountIds: readonly string[]): Promise<Map<string, PendingRetries>> {
  if (accountIds.length === 0) return new Map();
  const rows = await manager.query<{ service_account_id: string; cycle: Cycle; next_attempt_on: IsoDate }[]>(
    `SELECT service_account_id, cycle, next_attempt_on::text FROM autopay_deductions WHERE status = 'RETRY_SCHEDULED' AND service_account_id = ANY($1::uuid[])`,
    [accountIds],
  );
  const byAccount = new Map<string, Map<Cycle, IsoDate>>();
  for (const row of rows) {
    const dates = byAccount.get(row.service_account_id) ?? new Map<Cycle, IsoDate>();
    byAccount.set(row.service_account_id, dates.set(row.cycle, row.next_attempt_on));
  }
  return byAccount;
}

import type { EntityManager } from 'typeorm';
import type { NotificationTemplate } from './notification.entity';

/**
 * Marks an account's messages of these templates still waiting to go out
 * as not to be sent (SUPPRESSED, WITHDRAWN), in the caller's transaction,
 * so they are withdrawn if and only if the caller's change commits: what
 * they announce will no longer happen (an autopay reminder once autopay is
 * cancelled). Matched on the outbox's account number, which every message
 * about an account carries (the queuing service's `data.accountNumber`).
 * One claimed by a delivery pass is withdrawn too: the pass looks again
 * before sending it (see withdrawPendingNotices). Returns how many were
 * withdrawn.
 */
export async function withdrawPendingAccountNotices(manager: EntityManager, accountNumber: string, templates: readonly NotificationTemplate[]): Promise<number> {
  if (templates.length === 0) return 0;
  const [, withdrawn] = await manager.query<[unknown, number]>(
    `UPDATE notification_outbox SET status = 'SUPPRESSED', failure_reason = 'WITHDRAWN'
      WHERE status = 'PENDING' AND account_number = $1 AND template = ANY($2::text[])`,
    [accountNumber, templates],
  );
  return withdrawn;
}

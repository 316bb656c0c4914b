import { updateCount } from '@platform/db';
import { WITHDRAW } from './one-time-links';
import type { EntityManager } from 'typeorm';

/**
 * A user's email changed: their messages still waiting to go to the address
 * given up go to the new one instead, in the caller's transaction (a
 * reminder or receipt is theirs, and the old mailbox may be someone else's
 * now); with no address now (`to` null), every one is withdrawn. A
 * password-setting link waiting there is not among them: the change ends the
 * links, which withdraws their emails first (withdrawPendingPasswordLinks).
 * A message already on the wire as this commits still goes where it was
 * going. Messages to that address of no user (a guest's receipt) are the
 * payer's choice and stay. The change is kept, `at` its time, for copies of
 * messages already sent (resendNotification). Returns how many were redirected.
 */
export async function redirectPendingEmails(manager: EntityManager, change: { readonly userId: string; readonly from: string; readonly to: string | null; readonly at: Date }): Promise<number> {
  // Kept, so that a copy of a message already sent follows the user too (resendNotification). The tenant is the
  // transaction's, which row-level security checks the row against.
  await manager.query(
    `INSERT INTO notification_email_changes (tenant_id, user_id, from_address, to_address, changed_at)
     VALUES (NULLIF(current_setting('app.tenant_id', true), '')::uuid, $1, $2, $3, $4)`,
    [change.userId, change.from, change.to, change.at],
  );
  if (change.to === null) {
    await manager.query(`UPDATE notification_outbox SET ${WITHDRAW} WHERE user_id = $1 AND channel = 'EMAIL' AND status = 'PENDING' AND recipient = $2`, [change.userId, change.from]);
    return 0;
  }
  return updateCount(manager, `UPDATE notification_outbox SET recipient = $3 WHERE user_id = $1 AND channel = 'EMAIL' AND status = 'PENDING' AND recipient = $2`, [
    change.userId,
    change.from,
    change.to,
  ]);
}

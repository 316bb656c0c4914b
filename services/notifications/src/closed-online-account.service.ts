import type { EntityManager } from 'typeorm';
import { WITHDRAW } from './one-time-links';

/**
 * A resident closed their online account (customers' closing), in its transaction: the platform sends them nothing
 * more. Every message of theirs not yet sent is withdrawn, whatever its kind and channel (a delivery pass reads the
 * status again right before each send, so one it claimed is withdrawn too); their choices (texts, the number they
 * confirmed for them) are forgotten; and a copy of a message sent them before goes nowhere (resendNotification follows
 * an address given up to none), since the address is no longer theirs to be written to. The messages already sent stay,
 * as the city's record of what it sent. The closing's own confirmation is queued after this, so it goes.
 */
export async function closedAccountMessagesEnded(manager: EntityManager, userId: string, at: Date): Promise<void> {
  await manager.query(`UPDATE notification_outbox SET ${WITHDRAW} WHERE user_id = $1 AND status = 'PENDING'`, [userId]);
  await manager.query('DELETE FROM notification_preferences WHERE user_id = $1', [userId]);
  // The tenant is the transaction's, which row-level security checks each row against.
  await manager.query(
    `INSERT INTO notification_email_changes (tenant_id, user_id, from_address, to_address, changed_at)
     SELECT DISTINCT tenant_id, user_id, recipient, NULL::text, $2::timestamptz FROM notification_outbox WHERE user_id = $1 AND channel = 'EMAIL'`,
    [userId, at],
  );
}

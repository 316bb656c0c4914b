import type { EntityManager } from 'typeorm';
import type { NotificationEntity } from './notification.entity';

/** An outbox row as a retraction reads it, to tell whether what it says still holds. */
export type RetractableNotice = Pick<NotificationEntity, 'id' | 'template' | 'data'>;

/**
 * Marks the accounts' messages that `unretracted` selects (an SQL predicate
 * on the outbox row, written in code: their kinds, and NOT retracted) and
 * `stopsHolding` keeps as retracted, whatever their status, in the caller's
 * transaction; resendNotification refuses a retracted message. Matched on
 * the account a message is about (`account_number`). A message still
 * waiting keeps its status: the caller withdraws it after this
 * (withdrawPendingAccountNotices), which catches a resend's copy too.
 */
export async function retractAccountNotices(
  manager: EntityManager,
  accountNumbers: readonly string[],
  unretracted: string,
  stopsHolding: (row: RetractableNotice) => boolean = () => true,
): Promise<void> {
  if (accountNumbers.length === 0) return;
  // Locked first: a resend holds the message it copies until its copy commits, so once these locks are ours every copy
  // made before is read below (and, still waiting, withdrawn after), and a resend made after waits and finds the mark.
  await manager.query(`SELECT 1 FROM notification_outbox WHERE ${unretracted} AND account_number = ANY($1::text[]) ORDER BY id FOR UPDATE`, [accountNumbers]);
  const rows = await manager.query<RetractableNotice[]>(`SELECT id, template, data FROM notification_outbox WHERE ${unretracted} AND account_number = ANY($1::text[])`, [accountNumbers]);
  const ids = rows.filter(stopsHolding).map((row) => row.id);
  if (ids.length > 0) await manager.query('UPDATE notification_outbox SET retracted = true WHERE id = ANY($1::uuid[])', [ids]);
}

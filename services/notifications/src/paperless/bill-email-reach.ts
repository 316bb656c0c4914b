import type { EntityManager } from 'typeorm';

/** A resident and the proved address their bill emails (BILL_ISSUED) go to. */
export interface BillEmailRecipient {
  readonly userId: string;
  readonly email: string;
}

/** Why bill emails would not reach a recipient; absent from the answer, they do. */
export type BillEmailBlock = 'BILL_NOTICES_OFF' | 'EMAIL_UNDELIVERABLE';

/**
 * Which of these recipients a new bill's email would not reach, and why, as delivery would decide it now: their switch
 * for bill emails (billNotices) is off, or their address is marked undeliverable (it bounced for good), or the last bill
 * email to it was given up on without a bounce (refused by the receiving server, the relay down past its give-up
 * time, retries spent): that bill reached nobody, so the household must be mailed paper again. Paperless
 * billing stands on this: an account is not printed only while a holder who chose so is reached. In the caller's
 * tenant transaction, in one statement whatever the number of recipients.
 */
export async function billEmailBlocks(manager: EntityManager, recipients: readonly BillEmailRecipient[]): Promise<Map<string, BillEmailBlock>> {
  if (recipients.length === 0) return new Map();
  const rows = await manager.query<{ user_id: string; bill_notices: boolean; undeliverable: boolean }[]>(
    `SELECT r.user_id, coalesce(p.bill_notices, true) AS bill_notices,
            EXISTS (SELECT 1 FROM notification_suppressions s WHERE s.channel = 'EMAIL' AND s.address = lower(r.email))
            OR coalesce((SELECT o.status = 'FAILED' FROM notification_outbox o
                          WHERE o.user_id = r.user_id AND o.template = 'BILL_ISSUED' AND o.channel = 'EMAIL' AND lower(o.recipient) = lower(r.email)
                          ORDER BY o.created_at DESC, o.id DESC LIMIT 1), false) AS undeliverable
       FROM unnest($1::uuid[], $2::text[]) AS r(user_id, email)
       LEFT JOIN notification_preferences p ON p.user_id = r.user_id`,
    [recipients.map((r) => r.userId), recipients.map((r) => r.email)],
  );
  const blocks = new Map<string, BillEmailBlock>();
  for (const row of rows) {
    if (row.undeliverable) blocks.set(row.user_id, 'EMAIL_UNDELIVERABLE');
    else if (!row.bill_notices) blocks.set(row.user_id, 'BILL_NOTICES_OFF');
  }
  return blocks;
}

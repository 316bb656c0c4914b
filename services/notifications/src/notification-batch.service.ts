import { randomUUID } from 'node:crypto';
import { notifyAfterCommit } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from './delivery/delivery-waker';
import { accountFiling, type NewNotification } from './notification.service';
import { SMS_TEMPLATES } from './templates/sms-templates';

/**
 * enqueueNotification for many messages at once (the receipts of an autopay
 * page), in the caller's transaction: the texting preferences of every user
 * in one read and every message (and the texts of those who opted in) in
 * one insert, whatever the batch's size.
 */
export async function enqueueNotifications(manager: EntityManager, notifications: readonly NewNotification[], now: Date): Promise<void> {
  if (notifications.length === 0) return;
  const texted = (n: NewNotification) => (n.channel ?? 'EMAIL') === 'EMAIL' && !!n.userId && (SMS_TEMPLATES as readonly string[]).includes(n.template);
  const userIds = [...new Set(notifications.filter(texted).map((n) => n.userId!))];
  const phones = new Map(
    userIds.length === 0
      ? []
      : (
          await manager.query<{ user_id: string; sms_phone: string }[]>(
            'SELECT user_id, sms_phone FROM notification_preferences WHERE user_id = ANY($1::uuid[]) AND sms_opt_in AND sms_phone_confirmed',
            [userIds],
          )
        ).map((row) => [row.user_id, row.sms_phone]),
  );
  const rows = notifications.flatMap((n) => {
    const phone = texted(n) ? phones.get(n.userId!) : undefined;
    const filing = accountFiling(n);
    return [{ n, filing, to: n.to, channel: n.channel ?? 'EMAIL' }, ...(phone ? [{ n, filing, to: phone, channel: 'SMS' as const }] : [])];
  });
  // unnest flattens an array of arrays, so each message's account keys come as a JSON array.
  await manager.query(
    `INSERT INTO notification_outbox (tenant_id, id, created_at, channel, recipient, locale, template, data, status, sent_at, user_id, account_number, account_keys)
     SELECT r.tenant_id, r.id, $1, r.channel, r.recipient, r.locale, r.template, r.data, 'PENDING', NULL, r.user_id, r.account_number,
            ARRAY(SELECT jsonb_array_elements_text(r.account_keys))
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::uuid[], $10::text[], $11::jsonb[])
         AS r(tenant_id, id, channel, recipient, locale, template, data, user_id, account_number, account_keys)`,
    [
      now,
      rows.map((r) => r.n.tenantId),
      rows.map(() => randomUUID()),
      rows.map((r) => r.channel),
      rows.map((r) => r.to),
      rows.map((r) => r.n.locale),
      rows.map((r) => r.n.template),
      rows.map((r) => JSON.stringify(r.n.data)),
      rows.map((r) => r.n.userId ?? null),
      rows.map((r) => r.filing.accountNumber),
      rows.map((r) => JSON.stringify(r.filing.accountKeys)),
    ],
  );
  notifyAfterCommit(manager, OUTBOX_CHANNEL, '');
}

import { withTenant, type TenantScope } from '@platform/db';
import { endTextsRefusedBy } from '../preferences/notification-preferences.service';

/*
 * A number's own word on a city's texts, texted to the city's Messaging
 * Service: STOP ends them, START lets them come again. Twilio itself blocks
 * the service's texts to a number that answered STOP until it answers
 * START; these keep the city's records in step at once, rather than at the
 * next text Twilio refuses (a send wasted, and the resident's settings
 * promising texts until then).
 */

/**
 * STOP: the number is marked as refusing the city's texts (the send gate holds back every text to it, queued ones
 * too), and every account of the city that has its texts go to it has them switched off, so their settings say what
 * will happen. The refusal is tied to the last text the city sent the number, the one answered, so its user may
 * switch texts on again after answering START as before. Idempotent: a second STOP changes nothing.
 */
export async function recordTextsStopped(scope: TenantScope, phone: string): Promise<void> {
  await withTenant(scope, async (manager) => {
    await manager.query(
      `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id)
       VALUES ($1, 'SMS', lower($2), 'BOUNCED', 'answered STOP', (SELECT id FROM notification_outbox
          WHERE channel = 'SMS' AND lower(recipient) = lower($2) AND status = 'SENT' ORDER BY created_at DESC LIMIT 1))
       ON CONFLICT DO NOTHING`,
      [scope.tenant.id, phone],
    );
    const users = await manager.query<{ user_id: string }[]>('SELECT user_id FROM notification_preferences WHERE sms_phone = $1 AND sms_opt_in ORDER BY user_id', [phone]);
    for (const { user_id } of users) await endTextsRefusedBy(manager, user_id, phone);
  });
}

/**
 * START: the number's refusal of the city's texts is lifted, whoever's texts it answered. Each account's texts stay
 * as their settings say: a STOP switched them off, and switching them on again (no new code for a confirmed number)
 * is the resident's own choice.
 */
export async function recordTextsStarted(scope: TenantScope, phone: string): Promise<void> {
  await withTenant(scope, (manager) => manager.query(`DELETE FROM notification_suppressions WHERE channel = 'SMS' AND address = lower($1)`, [phone]));
}

import { withTenant, type TenantScope } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { endTextsRefusedBy } from '../preferences/notification-preferences.service';
import { lockPreferences } from '../preferences/saved-preferences';

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
    const users = await lockUsersOf(manager, 'sms_opt_in', phone);
    await manager.query(
      `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id)
       VALUES ($1, 'SMS', lower($2), 'BOUNCED', 'answered STOP', (SELECT id FROM notification_outbox
          WHERE channel = 'SMS' AND lower(recipient) = lower($2) AND status = 'SENT' ORDER BY created_at DESC LIMIT 1))
       ON CONFLICT DO NOTHING`,
      [scope.tenant.id, phone],
    );
    for (const userId of users) await endTextsRefusedBy(manager, userId, phone);
  });
}

/**
 * START: the number's refusal of the city's texts is lifted, whoever's texts it answered, and the accounts whose texts
 * to it were switched off by the number (its STOP, or a text Twilio refused for it) have them switched on again, as
 * they were. An account whose user chose about texts since keeps that choice.
 */
export async function recordTextsStarted(scope: TenantScope, phone: string): Promise<void> {
  await withTenant(scope, async (manager) => {
    const users = await lockUsersOf(manager, 'sms_stopped_at IS NOT NULL', phone);
    await manager.query(`DELETE FROM notification_suppressions WHERE channel = 'SMS' AND address = lower($1)`, [phone]);
    for (const userId of users) {
      // Asked again under the lock: a save may have come first.
      await manager.query('UPDATE notification_preferences SET sms_opt_in = true, sms_stopped_at = NULL, updated_at = now() WHERE user_id = $1 AND sms_phone = $2 AND sms_stopped_at IS NOT NULL', [
        userId,
        phone,
      ]);
    }
  });
}

/**
 * Takes the preferences lock of each user whose texts go to `phone` and meet `condition`, in the order of their ids,
 * before the number's refusal is written: a save of preferences and a bounce take that lock first, then write the
 * refusal, and taking them the other way round deadlocked with both.
 */
async function lockUsersOf(manager: EntityManager, condition: 'sms_opt_in' | 'sms_stopped_at IS NOT NULL', phone: string): Promise<string[]> {
  const rows = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM notification_preferences WHERE sms_phone = $1 AND ${condition} ORDER BY user_id`, [phone]);
  const users = rows.map((row) => row.user_id);
  for (const userId of users) await lockPreferences(manager, userId);
  return users;
}

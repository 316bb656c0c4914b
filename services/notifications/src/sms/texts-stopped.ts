import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import type { DataSource, EntityManager } from 'typeorm';
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

/** The Messaging Service a STOP or START came in on. */
export interface AnsweredService {
  /** Its SID, lower case. */
  readonly sid: string;
  /** Whether it is the platform's, which sends for every city without its own (the outbox records its texts with no SID). */
  readonly platforms: boolean;
}

/**
 * A STOP or START texted from `phone` to `service`, for one city. A STOP is recorded if the city sends through
 * that service now, or texted the number through it before: Twilio takes the answer to a text on the service that
 * text came from, and a city that has moved to a service of its own since would otherwise go on texting a number
 * that told it to stop. A START only where the city sends through that service now: Twilio unblocks the number on
 * that service alone, and one to a service the city has left must not lift a STOP sent to the city's own. False,
 * and nothing written, when it does not apply to the city.
 */
export async function recordTextedBack(scope: { readonly db: DataSource; readonly tenant: Tenant }, phone: string, word: 'STOP' | 'START', service: AnsweredService): Promise<boolean> {
  return withTenant(scope, async (manager) => {
    if (!sendsThrough(scope.tenant, service) && (word === 'START' || !(await textedThrough(manager, phone, service)))) return false;
    await (word === 'STOP' ? recordTextsStopped(manager, scope.tenant.id, phone) : recordTextsStarted(manager, phone));
    return true;
  });
}

function sendsThrough(tenant: Tenant, service: AnsweredService): boolean {
  const own = tenant.settings.sms.messagingServiceSid;
  return own === null ? service.platforms : own.toLowerCase() === service.sid;
}

/** Whether the city has sent `phone` a text through `service` (messaging_service_sid: the city's own, NULL the platform's). */
async function textedThrough(manager: EntityManager, phone: string, service: AnsweredService): Promise<boolean> {
  const [row] = await manager.query<{ texted: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM notification_outbox
       WHERE channel = 'SMS' AND lower(recipient) = lower($1) AND status = 'SENT'
         AND (lower(messaging_service_sid) = $2 OR ($3 AND messaging_service_sid IS NULL))) AS texted`,
    [phone, service.sid, service.platforms],
  );
  return row!.texted;
}

/**
 * STOP: the number is marked as refusing the city's texts (the send gate holds back every text to it, queued ones
 * too), and every account of the city that has its texts go to it has them switched off, so their settings say what
 * will happen. The refusal is tied to the last text the city sent the number, the one answered, so its user may
 * switch texts on again after answering START as before. Idempotent: a second STOP changes nothing.
 */
async function recordTextsStopped(manager: EntityManager, tenantId: string, phone: string): Promise<void> {
  const users = await lockUsersOf(manager, 'sms_opt_in', phone);
  await manager.query(
    `INSERT INTO notification_suppressions (tenant_id, channel, address, reason, detail, notification_id)
     VALUES ($1, 'SMS', lower($2), 'BOUNCED', 'answered STOP', (SELECT id FROM notification_outbox
        WHERE channel = 'SMS' AND lower(recipient) = lower($2) AND status = 'SENT' ORDER BY created_at DESC LIMIT 1))
     ON CONFLICT DO NOTHING`,
    [tenantId, phone],
  );
  for (const userId of users) await endTextsRefusedBy(manager, userId, phone);
}

/**
 * START: the number's refusal of the city's texts is lifted, whoever's texts it answered, and the accounts whose texts
 * to it were switched off by the number (its STOP, or a text Twilio refused for it) have them switched on again, as
 * they were. An account whose user chose about texts since keeps that choice.
 */
async function recordTextsStarted(manager: EntityManager, phone: string): Promise<void> {
  const users = await lockUsersOf(manager, 'sms_stopped_at IS NOT NULL', phone);
  await manager.query(`DELETE FROM notification_suppressions WHERE channel = 'SMS' AND address = lower($1)`, [phone]);
  for (const userId of users) {
    // Asked again under the lock: a save may have come first.
    await manager.query('UPDATE notification_preferences SET sms_opt_in = true, sms_stopped_at = NULL, updated_at = now() WHERE user_id = $1 AND sms_phone = $2 AND sms_stopped_at IS NOT NULL', [
      userId,
      phone,
    ]);
  }
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

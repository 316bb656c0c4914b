import type { TenantContext } from '@platform/api';
import { lockForTransaction, withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import type { NotificationPreferencesType } from '../staff/notification.types';

const DEFAULTS: NotificationPreferencesType = { autopayReminders: true, billNotices: true, smsOptIn: false, smsPhone: null, smsPhoneConfirmed: false };

interface PreferenceRow {
  readonly autopay_reminders: boolean;
  readonly bill_notices: boolean;
  readonly sms_opt_in: boolean;
  readonly sms_phone: string | null;
  readonly sms_phone_confirmed: boolean;
}

/** A user's choices; the defaults (reminders and bill notices on, no texts) until they change one. */
export async function preferencesOf(manager: EntityManager, userId: string): Promise<NotificationPreferencesType> {
  const [row] = await manager.query<PreferenceRow[]>('SELECT autopay_reminders, bill_notices, sms_opt_in, sms_phone, sms_phone_confirmed FROM notification_preferences WHERE user_id = $1', [userId]);
  return row ? { autopayReminders: row.autopay_reminders, billNotices: row.bill_notices, smsOptIn: row.sms_opt_in, smsPhone: row.sms_phone, smsPhoneConfirmed: row.sms_phone_confirmed } : DEFAULTS;
}

export function viewerPreferences(ctx: TenantContext, userId: string): Promise<NotificationPreferencesType> {
  return withTenant(ctx, (manager) => preferencesOf(manager, userId));
}

/**
 * Every change of a user's choices takes this first, so each reads what the
 * one before wrote. A lock of the user's, not of the row: a first save has no
 * row to lock, and a refused one writes none.
 */
export function lockPreferences(manager: EntityManager, userId: string): Promise<void> {
  return lockForTransaction(manager, `notification-preferences:${userId}`);
}

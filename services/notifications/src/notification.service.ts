import { randomUUID } from 'node:crypto';
import type { Locale } from '@platform/core';
import { notifyAfterCommit } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from './delivery/delivery-waker';
import { NotificationEntity, type NotificationChannel, type NotificationTemplate } from './notification.entity';
import { preferencesOf } from './preferences/notification-preferences.service';
import { SMS_TEMPLATES } from './templates/sms-templates';

export interface NewNotification {
  readonly tenantId: string;
  /** An email address, or for SMS a phone number. */
  readonly to: string;
  readonly locale: Locale;
  readonly template: NotificationTemplate;
  readonly data: Readonly<Record<string, string>>;
  /** Default EMAIL. */
  readonly channel?: NotificationChannel;
  /** The user it is for, so their preferences apply (e.g. autopay reminders switched off). */
  readonly userId?: string | null;
}

/**
 * Queues a message in the caller's transaction (a `withTenant` manager), so
 * it is sent if and only if the caller's change commits; the insert's
 * trigger wakes the delivery worker at commit. For the kinds that suit a
 * text (receipt, autopay failure), a user who opted in to texts also gets
 * one, as its own message. Returns the email's id.
 */
export async function enqueueNotification(manager: EntityManager, notification: NewNotification, now: Date): Promise<string> {
  const id = await insertNotification(manager, notification, notification.to, notification.channel ?? 'EMAIL', now);
  if ((notification.channel ?? 'EMAIL') === 'EMAIL' && notification.userId && (SMS_TEMPLATES as readonly string[]).includes(notification.template)) {
    const preferences = await preferencesOf(manager, notification.userId);
    if (preferences.smsOptIn && preferences.smsPhone) await insertNotification(manager, notification, preferences.smsPhone, 'SMS', now);
  }
  notifyAfterCommit(manager, OUTBOX_CHANNEL, '');
  return id;
}

async function insertNotification(manager: EntityManager, notification: NewNotification, to: string, channel: NotificationChannel, now: Date): Promise<string> {
  const id = randomUUID();
  await manager.getRepository(NotificationEntity).insert({
    tenantId: notification.tenantId,
    id,
    createdAt: now,
    channel,
    recipient: to,
    locale: notification.locale,
    template: notification.template,
    data: { ...notification.data },
    status: 'PENDING',
    sentAt: null,
    userId: notification.userId ?? null,
    accountNumber: notification.data.accountNumber ?? null,
  });
  return id;
}

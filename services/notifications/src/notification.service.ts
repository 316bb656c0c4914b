import { randomUUID } from 'node:crypto';
import type { Locale } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { NotificationEntity, type NotificationChannel, type NotificationTemplate } from './notification.entity';

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
 * trigger wakes the delivery worker at commit.
 */
export async function enqueueNotification(manager: EntityManager, notification: NewNotification, now: Date): Promise<string> {
  const id = randomUUID();
  await manager.getRepository(NotificationEntity).insert({
    tenantId: notification.tenantId,
    id,
    createdAt: now,
    channel: notification.channel ?? 'EMAIL',
    recipient: notification.to,
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

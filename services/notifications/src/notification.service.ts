import { randomUUID } from 'node:crypto';
import { referenceKey } from '@platform/billing';
import type { Locale } from '@platform/core';
import { lockForTransaction, notifyAfterCommit, runPrepared, updateCount, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from './delivery/delivery-waker';
import type { NotificationChannel, NotificationTemplate } from './notification.entity';
import { WITHDRAW } from './one-time-links';
import { preferencesOf } from './preferences/saved-preferences';
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
  /**
   * The service accounts it is about, in full as billing numbers them (every account a payment paid), whatever `data`
   * shows of them (a receipt masks them): staff find the message by any of them (accountFiling).
   */
  readonly accountNumbers?: readonly string[];
}

/** How the outbox files a message under its accounts. */
export interface AccountFiling {
  /**
   * `account_number`: the account, when the message is about one; what staff see, and what an account's notices are
   * withdrawn and retracted by (withdrawPendingAccountNotices, retractAnnouncedCharges, for the kinds their callers name).
   */
  readonly accountNumber: string | null;
  /** `account_keys`: every account's number as billing matches it (referenceKey), so "10 1002 00" finds 10-1002-00. */
  readonly accountKeys: readonly string[];
}

/** One entry per account however often it is named; a number billing could not have (blank) files nothing. */
export function accountFiling(notification: Pick<NewNotification, 'accountNumbers'>): AccountFiling {
  const byKey = new Map<string, string>();
  for (const number of notification.accountNumbers ?? []) {
    const key = referenceKey(number);
    if (key !== null && !byKey.has(key)) byKey.set(key, number);
  }
  const numbers = [...byKey.values()];
  return { accountNumber: numbers.length === 1 ? numbers[0]! : null, accountKeys: [...byKey.keys()] };
}

/**
 * Queues a message in the caller's transaction (a `withTenant` manager), so
 * it is sent if and only if the caller's change commits; the insert's
 * trigger wakes the delivery worker at commit. For the kinds that suit a
 * text (SMS_TEMPLATES: receipt, a payment that did not go through, was voided, refunded or returned, autopay failure, autopay suspended, a month autopay skipped, where an account's service stands), a user who opted in to texts at a
 * number they confirmed also gets one, as its own message. Returns the email's id.
 */
export async function enqueueNotification(manager: EntityManager, notification: NewNotification, now: Date): Promise<string> {
  const id = await insertNotification(manager, notification, notification.to, notification.channel ?? 'EMAIL', now);
  if ((notification.channel ?? 'EMAIL') === 'EMAIL' && notification.userId && (SMS_TEMPLATES as readonly string[]).includes(notification.template)) {
    const preferences = await preferencesOf(manager, notification.userId);
    if (preferences.smsOptIn && preferences.smsPhone && preferences.smsPhoneConfirmed) await insertNotification(manager, notification, preferences.smsPhone, 'SMS', now);
  }
  notifyAfterCommit(manager, OUTBOX_CHANNEL, '');
  return id;
}

/**
 * Marks a payment's messages of `template` not yet sent as not to be sent
 * (SUPPRESSED, WITHDRAWN), in the caller's transaction: what they say is no
 * longer so (the receipt of a payment voided before it went out). Claimed
 * ones too: a delivery pass reads the status again right before each send,
 * and never puts a withdrawn message back in the queue. Only one already on
 * the wire when the withdrawal commits still goes, and is then recorded
 * SENT. Returns how many were withdrawn.
 */
export async function withdrawPendingNotices(manager: EntityManager, payment: { readonly confirmationNumber: string }, template: NotificationTemplate): Promise<number> {
  await lockPaymentNotices(manager, payment.confirmationNumber);
  return updateCount(
    manager,
    `UPDATE notification_outbox SET ${WITHDRAW}
      WHERE status = 'PENDING' AND template = $1 AND data->>'confirmationNumber' = $2`,
    [template, payment.confirmationNumber],
  );
}

/**
 * Holds the lock on a payment's notices until the caller's transaction ends.
 * Withdrawing them and resending its receipt take it, so a copy resent while
 * the payment is being taken back is either there for the withdrawal to find
 * or refused because the payment's notice of it is there: without it, each
 * read before the other committed and the copy went out after the refund.
 */
export async function lockPaymentNotices(manager: EntityManager, confirmationNumber: string): Promise<void> {
  await lockForTransaction(manager, `payment-notices:${confirmationNumber}`);
}

async function insertNotification(manager: EntityManager, notification: NewNotification, to: string, channel: NotificationChannel, now: Date): Promise<string> {
  const id = randomUUID();
  const { tenantId, locale, template, data, userId } = notification;
  const { accountNumber, accountKeys } = accountFiling(notification);
  await runPrepared(manager, INSERT_NOTIFICATION, [tenantId, id, now, channel, to, locale, template, JSON.stringify(data), userId ?? null, accountNumber, accountKeys]);
  return id;
}

const INSERT_NOTIFICATION: PreparedStatement = {
  name: 'notifications.insert',
  text: `INSERT INTO notification_outbox (tenant_id, id, created_at, channel, recipient, locale, template, data, status, sent_at, user_id, account_number, account_keys)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'PENDING', NULL, $9, $10, $11::text[])`,
};

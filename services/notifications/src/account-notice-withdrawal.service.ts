import { updateReturning } from '@platform/db';
import type { Locale } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { NotificationChannel, NotificationTemplate } from './notification.entity';
import { WITHDRAW } from './one-time-links';

/** A message withdrawn before it went out, as it was queued: whom it was for and what it said. */
export interface WithdrawnNotice {
  readonly channel: NotificationChannel;
  readonly recipient: string;
  readonly locale: Locale;
  readonly userId: string | null;
  readonly template: NotificationTemplate;
  readonly data: Readonly<Record<string, string>>;
}

/**
 * Marks the accounts' messages of these templates still waiting to go out
 * as not to be sent (SUPPRESSED, WITHDRAWN), in the caller's transaction,
 * so they are withdrawn if and only if the caller's change commits: what
 * they announce will no longer happen (an autopay reminder once autopay is
 * cancelled). Matched on the account a message is about (`account_number`,
 * AccountFiling), and only of the templates named: a payment's notices,
 * filed under the account it paid too, are withdrawn by their payment
 * (withdrawPendingNotices), never by an account's. One claimed by a
 * delivery pass is withdrawn too: the pass looks again before sending it
 * (see withdrawPendingNotices). One statement for any
 * number of accounts (an autopay run suspends many at once). Returns the
 * account numbers that had a message withdrawn.
 */
export async function withdrawPendingAccountNotices(manager: EntityManager, accountNumbers: readonly string[], templates: readonly NotificationTemplate[]): Promise<Set<string>> {
  if (accountNumbers.length === 0 || templates.length === 0) return new Set();
  const withdrawn = await updateReturning<{ account_number: string }>(
    manager,
    `UPDATE notification_outbox SET ${WITHDRAW}
      WHERE status = 'PENDING' AND account_number = ANY($1::text[]) AND template = ANY($2::text[])
      RETURNING account_number`,
    [accountNumbers, templates],
  );
  return new Set(withdrawn.map((row) => row.account_number));
}

/**
 * withdrawPendingAccountNotices for one account, answering with the
 * messages withdrawn, for a caller that queues their correction in the same
 * transaction (an autopay reminder naming a card autopay no longer charges).
 */
export async function takeBackPendingAccountNotices(manager: EntityManager, accountNumber: string, templates: readonly NotificationTemplate[]): Promise<WithdrawnNotice[]> {
  if (templates.length === 0) return [];
  const withdrawn = await updateReturning<{ channel: NotificationChannel; recipient: string; locale: Locale; user_id: string | null; template: NotificationTemplate; data: Record<string, string> }>(
    manager,
    `UPDATE notification_outbox SET ${WITHDRAW}
      WHERE status = 'PENDING' AND account_number = $1 AND template = ANY($2::text[])
      RETURNING channel, recipient, locale, user_id, template, data`,
    [accountNumber, templates],
  );
  return withdrawn.map(({ user_id: userId, ...notice }) => ({ ...notice, userId }));
}

import { amountDueTerms, type Balance } from '@platform/billing';
import type { IsoDate } from '@platform/core';
import { userContacts } from '@platform/customers';
import type { EntityManager } from 'typeorm';
import { queueAutopayNotices, type AutopayNotice } from './autopay-notice.service';
import type { AutopayScope } from '../autopay-scope';

/** A cycle settled without a charge while the account owes money, as its enrolled customer is to be told of it. */
export interface SkippedCycle {
  readonly userId: string;
  readonly notice: Extract<AutopayNotice, { readonly template: 'AUTOPAY_SKIPPED' }>;
}

/**
 * Tells each customer that autopay did not pay this month, how much is owed
 * and why, in the caller's transaction: the one that settles the cycle's
 * deduction as SKIPPED. A cycle is settled once (its first attempt's row is
 * inserted once; a retry or a claim moves on only from the state it was read
 * in), so a run repeated tells nobody twice. One read of the addresses and
 * one insert for the whole batch.
 */
export async function tellSkippedCycles(manager: EntityManager, scope: AutopayScope, skipped: readonly SkippedCycle[]): Promise<void> {
  if (skipped.length === 0) return;
  const contacts = await userContacts(
    manager,
    skipped.map((s) => s.userId),
  );
  await queueAutopayNotices(
    manager,
    scope,
    skipped.flatMap(({ userId, notice }) => {
      const to = contacts.get(userId);
      return to ? [{ to: { ...to, userId }, notice }] : [];
    }),
  );
}

/** The day what is owed falls due, when none of it is overdue already; else null (pay now): billing's rule, as the phone line and the portal say it. */
export const dueDateOf = (balance: Balance | undefined): IsoDate | null => (balance ? amountDueTerms(balance).dueDate : null);

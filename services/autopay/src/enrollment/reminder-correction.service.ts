import { formatMoney, money, type IsoDate, type Locale } from '@platform/core';
import type { SavedMethodSummary } from '@platform/payments';
import type { EntityManager } from 'typeorm';
import { cycleOf, type PromisedDates } from '../autopay-calendar';
import type { AutopayScope } from '../autopay-scope';
import { queueAutopayNotice } from '../notices/autopay-notice.service';
import { withdrawPendingReminder } from '../notices/withdrawn-notices.service';

/** What autopay charges an account with from now on, and what the city and its calendar say of it. */
export interface ChargeTerms {
  readonly accountNumber: string;
  /** Whose enrolment it is: only their reminder is queued again. */
  readonly userId: string;
  readonly method: SavedMethodSummary;
  readonly maxAmountCents: bigint | null;
  /** The most the city takes in one payment, in cents. */
  readonly paymentLimitCents: bigint;
  /** The city's date now. */
  readonly today: IsoDate;
  /** The dates the account's reminders named, which the run keeps. */
  readonly promised: PromisedDates;
}

/**
 * The resident changed what autopay charges (its method or maximum) while
 * the account's reminder waited in the outbox (mail down, retries): sent as
 * queued, it would name the old card. It is withdrawn with the change and,
 * while its deduction is still ahead, queued again as the run will now make
 * it: the new method and maximum, the amount it announced, and the date it
 * promised (the run keeps that date, wherever the city's day is now). One
 * whose deduction day has come is only withdrawn: the charge is under way
 * or made, and its receipt or failure notice tells the rest. A reminder
 * already sent is left alone: the resident changed autopay after reading
 * it, and the change's answer names the method and the date.
 */
export async function correctPendingReminder(manager: EntityManager, scope: AutopayScope, terms: ChargeTerms): Promise<void> {
  for (const reminder of await withdrawPendingReminder(manager, terms.accountNumber)) {
    const written = reminder.data.deductionDate;
    const deductionDate = written === undefined ? undefined : (terms.promised.get(cycleOf(written)) ?? written);
    const amountCents = amountAsWritten(reminder.data.amount, reminder.locale);
    // Its email only: queueAutopayNotice adds any text the resident takes itself. Only the enrollee's own: one still
    // waiting for a holder who has moved out (the enrolment taken over since) names a card and a charge not theirs.
    if (reminder.channel !== 'EMAIL' || reminder.userId !== terms.userId || deductionDate === undefined || deductionDate <= terms.today || amountCents === null) continue;
    await queueAutopayNotice(
      manager,
      scope,
      { email: reminder.recipient, locale: reminder.locale, userId: terms.userId },
      {
        template: 'AUTOPAY_REMINDER',
        accountNumber: terms.accountNumber,
        method: terms.method,
        deductionDate,
        amountCents,
        binds: bindingOf(reminder.data),
        maxAmountCents: terms.maxAmountCents,
        exceededPaymentLimitCents: reminder.data.exceedsPaymentLimit === 'true' ? terms.paymentLimitCents : null,
      },
    );
  }
}

/**
 * The amount a notice wrote in its language ("$1,234.05"), in cents: the
 * outbox keeps it only as written. Null, and nothing guessed, when the text
 * is not exactly how that amount is written.
 */
function amountAsWritten(text: string | undefined, locale: Locale): bigint | null {
  const digits = text?.replace(/\D/g, '') ?? '';
  if (digits === '') return null;
  const cents = BigInt(digits);
  return formatMoney(money(cents), locale) === text ? cents : null;
}

/** What a queued reminder binds the deduction to, as it kept it (see AutopayNotice's `binds`); undefined if it kept none. */
function bindingOf(data: Readonly<Record<string, string>>): { amountDueCents: bigint; since: Date } | undefined {
  const { amountDueCents, amountDueSince } = data;
  if (amountDueCents === undefined || amountDueSince === undefined || !/^\d+$/.test(amountDueCents) || Number.isNaN(Date.parse(amountDueSince))) return undefined;
  return { amountDueCents: BigInt(amountDueCents), since: new Date(amountDueSince) };
}

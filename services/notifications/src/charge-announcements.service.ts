import { isIsoDate, type IsoDate } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { NotificationEntity } from './notification.entity';
import { retractAccountNotices } from './retracted-notices';

/*
 * Some autopay notices announce a charge still to come: a reminder and a
 * card warning the deduction, a failure its retry. Sent again after the
 * enrolment stopped, or once that day has come, they would tell the resident
 * of a charge that will not be made (or already was, or failed). Whether the
 * enrolment still stands is autopay's to know, in its tables, which this
 * service may not read; nor may it ask autopay, which depends on it. So
 * autopay says so, in the transaction that stops the enrolment (cancelled,
 * suspended, ended by a run, taken over), as it already withdraws the
 * notices still waiting: retractAnnouncedCharges marks the account's
 * announcements, whatever became of them, and resendNotification refuses a
 * marked one. The day comes without anyone saying so: each announcement
 * carries it (autopay queues it in the data), and a resend compares it with
 * the city's date.
 */

/** SQL: the outbox row may announce a charge (announcedCharge says which do) not yet retracted; the predicate of the index that finds them. */
const UNRETRACTED_ANNOUNCEMENT = `template IN ('AUTOPAY_REMINDER', 'AUTOPAY_CARD_EXPIRING', 'AUTOPAY_FAILED') AND NOT retracted`;

/** A charge a message announces autopay will make, on `on` (the city's calendar; null for one queued before notices named it). */
export interface AnnouncedCharge {
  readonly on: IsoDate | null;
}

/** The charge a message announces, as autopay queued it, or null when it announces none. */
export function announcedCharge({ template, data }: Pick<NotificationEntity, 'template' | 'data'>): AnnouncedCharge | null {
  switch (template) {
    case 'AUTOPAY_REMINDER':
    case 'AUTOPAY_CARD_EXPIRING':
      return { on: dayOf(data.deductionDate) };
    case 'AUTOPAY_FAILED':
      // After the last attempt it names no retry (''): it tells of the failure only.
      return data.nextAttemptOn ? { on: dayOf(data.nextAttemptOn) } : null;
    default:
      return null;
  }
}

const dayOf = (text: string | undefined): IsoDate | null => (text !== undefined && isIsoDate(text) ? text : null);

/**
 * Marks the accounts' messages announcing a charge (announcedCharge), sent,
 * failed, suppressed or still waiting, as no longer holding, in the caller's
 * transaction: autopay for these accounts has stopped, so what they announce
 * will not happen. Staff may then not send them again. Their status is left
 * as it is: one still waiting is withdrawn by withdrawPendingAccountNotices,
 * which the caller runs after this one to catch a resend's copy (see
 * retractAccountNotices).
 */
export async function retractAnnouncedCharges(manager: EntityManager, accountNumbers: readonly string[]): Promise<void> {
  await retractAccountNotices(manager, accountNumbers, UNRETRACTED_ANNOUNCEMENT, (row) => announcedCharge(row) !== null);
}

import { closedAccountNumbers } from '@platform/billing';
import type { EntityManager } from 'typeorm';
import type { NotificationTemplate } from './notification.entity';

/*
 * Autopay withdraws what it told of an account in the transaction that stops
 * the enrolment (charge-announcements.service.ts). The city closing the
 * account stops it too, but in billing's transaction, which may call
 * neither autopay nor this service: the enrolment stands until the next
 * deduction day's run ends it (ACCOUNT_CLOSED), and a reminder held up
 * meanwhile (the relay down) would tell a resident who has moved out of a
 * charge that will not be made. Closing is final and billing's to know,
 * which this service may read: so a notice saying autopay goes on is read
 * against its account right before it is sent (delivery withdraws it) or
 * sent again (resendNotification refuses it).
 */

/** What says autopay goes on: a reminder and a card warning announce the deduction; a suspension notice asks for a method to resume it. */
const AUTOPAY_GOING_ON: ReadonlySet<NotificationTemplate> = new Set(['AUTOPAY_REMINDER', 'AUTOPAY_CARD_EXPIRING', 'AUTOPAY_SUSPENDED']);

/** Whether a message of this kind, about this account (AccountFiling), says autopay goes on for it: the kind read against its account. */
function saysAutopayGoesOn(template: NotificationTemplate, accountNumber: string | null): accountNumber is string {
  return AUTOPAY_GOING_ON.has(template) && accountNumber !== null;
}

/** What a closed-account check reads of a message. */
export interface AccountNotice {
  readonly template: NotificationTemplate;
  readonly accountNumber: string | null;
}

/** Whether such a message is about an account the city has closed since it was queued: untrue now, so not sent. */
export async function aboutClosedAccount(manager: EntityManager, notice: AccountNotice): Promise<boolean> {
  const [closed] = await aboutClosedAccounts(manager, [notice]);
  return closed === true;
}

/** aboutClosedAccount for each of these messages, in their order, with one billing read for them all. */
export async function aboutClosedAccounts(manager: EntityManager, notices: readonly AccountNotice[]): Promise<boolean[]> {
  const numbers = notices.flatMap((n) => (saysAutopayGoesOn(n.template, n.accountNumber) ? [n.accountNumber] : []));
  const closed = await closedAccountNumbers(manager, numbers);
  return notices.map((n) => saysAutopayGoesOn(n.template, n.accountNumber) && closed.has(n.accountNumber));
}
